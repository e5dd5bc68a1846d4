// GraphClient: Microsoft Graph REST calls with an app-only token. Adds the Authorization and
// JSON headers; a 401 invalidates the token and retries the call once with a fresh one.
// Graph's errors ({"error": {"code", "message", "innerError": {"request-id"}}}) are parsed into
// GraphError so that callers can report them precisely.
//
// Thread-safety: Call() may be called from any thread.
#ifndef BULWARK_ADAPTERS_M365_GRAPH_CLIENT_H_
#define BULWARK_ADAPTERS_M365_GRAPH_CLIENT_H_

#include <string>

#include "http/http_client.h"
#include "m365/entra_token.h"

namespace bulwark::m365 {

struct GraphOptions {
  std::string base_url = "https://graph.microsoft.com/v1.0";  // national clouds differ
  int timeout_ms = 15000;
};

// Graph's error body; empty members when the body had none.
struct GraphError {
  long status = 0;
  std::string code;        // e.g. "Forbidden", "ExtensionError"
  std::string message;     // Graph's text (never contains our secrets)
  std::string request_id;  // innerError.request-id, for support cases
  // "HTTP 403 Forbidden: <message> (request-id ...)".
  std::string ToString() const;
};
GraphError ParseGraphError(const http::Response& response);

class GraphClient {
 public:
  // Not owned; must outlive the client.
  GraphClient(GraphOptions options, const http::Client* http, TokenProvider* tokens)
      : options_(std::move(options)), http_(http), tokens_(tokens) {}

  // `method` on base_url + `path` (which starts with '/' and may carry a query), with
  // `json_body` when not empty. The response whatever its status, or the transport/token
  // error.
  Result<http::Response> Call(const std::string& method, const std::string& path,
                              const std::string& json_body = "") const;

  const GraphOptions& options() const { return options_; }

 private:
  const GraphOptions options_;
  const http::Client* http_;
  TokenProvider* tokens_;
};

}  // namespace bulwark::m365

#endif  // BULWARK_ADAPTERS_M365_GRAPH_CLIENT_H_
