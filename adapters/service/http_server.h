// A minimal HTTP/1.0 server for /metrics, /healthz and /readyz, bound to loopback by default.
// One request per connection, GET only, answered from a handler on the server's own thread.
#ifndef BULWARK_ADAPTERS_SERVICE_HTTP_SERVER_H_
#define BULWARK_ADAPTERS_SERVICE_HTTP_SERVER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "bulwark/status.h"

namespace bulwark::service {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const std::string& path)>;
  // Listens on "HOST:PORT" (an IPv4 address; port 0 picks a free one).
  static Result<std::unique_ptr<HttpServer>> Start(const std::string& listen, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  int port() const { return port_; }

 private:
  HttpServer() = default;
  void Serve();
  int fd_ = -1;
  int port_ = 0;
  Handler handler_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_HTTP_SERVER_H_
