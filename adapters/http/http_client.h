// HttpClient: HTTPS requests with libcurl for the Microsoft 365 side (Entra ID, Graph).
// Connections are reused (a pool of curl handles, each keeping its connections open), HTTP/2 is
// used where the server offers it, every call has a connect and a total timeout, and TLS
// peers are always verified (a CA bundle can be given for tests and TLS-inspecting proxies).
//
// Thread-safety: Send() may be called from any number of threads at once.
#ifndef BULWARK_ADAPTERS_HTTP_HTTP_CLIENT_H_
#define BULWARK_ADAPTERS_HTTP_HTTP_CLIENT_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::http {

struct ClientOptions {
  std::string ca_bundle;  // PEM file of trusted CAs; empty: the system's
  int connect_timeout_ms = 5000;
  int timeout_ms = 15000;  // the whole request, unless the request sets its own
  bool http2 = true;       // negotiate HTTP/2 over TLS (ALPN) where offered
  std::string user_agent = "bulwark";
};

struct Request {
  std::string method = "GET";  // GET, POST, PATCH, DELETE, ...
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_ms = 0;  // 0: the client's
};

struct Response {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; the last value of each
  std::string body;
  // The value of header `name` (lower case), or "".
  std::string Header(const std::string& name) const;
};

class Client {
 public:
  // InvalidArgument when libcurl lacks what is required (TLS) or the CA bundle is unreadable.
  static Result<std::unique_ptr<Client>> Create(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends `request` and returns the response, whatever its status. A transport failure
  // (DNS, connect, TLS, timeout) is IoError naming the URL's host and curl's reason, never
  // the request's headers or body (they may hold secrets).
  Result<Response> Send(const Request& request) const;

 private:
  explicit Client(ClientOptions options) : options_(std::move(options)) {}
  void* Acquire() const;  // a curl easy handle from the pool (or a new one)
  void Release(void* handle) const;

  const ClientOptions options_;
  mutable std::mutex mu_;
  mutable std::vector<void*> idle_;  // CURL*, each with its own connection cache
};

// Percent-encodes every byte of `s` but the unreserved characters (RFC 3986) and those in `keep`.
std::string PercentEncode(std::string_view s, std::string_view keep = "");

// application/x-www-form-urlencoded encoding of `fields`, in order.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace bulwark::http

#endif  // BULWARK_ADAPTERS_HTTP_HTTP_CLIENT_H_
