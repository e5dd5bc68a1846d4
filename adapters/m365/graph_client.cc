#include "m365/graph_client.h"

#include <nlohmann/json.hpp>

namespace bulwark::m365 {

std::string GraphError::ToString() const {
  std::string out = "HTTP " + std::to_string(status);
  if (!code.empty()) out += " " + code;
  if (!message.empty()) out += ": " + message;
  if (!request_id.empty()) out += " (request-id " + request_id + ")";
  return out;
}

GraphError ParseGraphError(const http::Response& response) {
  GraphError e;
  e.status = response.status;
  e.request_id = response.Header("request-id");
  const nlohmann::json j = nlohmann::json::parse(response.body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object()) {
    const nlohmann::json& err = j["error"];
    e.code = err.value("code", std::string());
    e.message = err.value("message", std::string());
    if (err.contains("innerError") && err["innerError"].is_object()) {
      e.request_id = err["innerError"].value("request-id", e.request_id);
    }
  }
  return e;
}

Result<http::Response> GraphClient::Call(const std::string& method, const std::string& path,
                                         const std::string& json_body) const {
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_->Token();
    if (!token.ok()) return token.status();
    http::Request request;
    request.method = method;
    request.url = options_.base_url + path;
    request.timeout_ms = options_.timeout_ms;
    request.headers = {{"Authorization", "Bearer " + *token}, {"Accept", "application/json"}};
    if (!json_body.empty()) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = json_body;
    }
    auto response = http_->Send(request);
    if (!response.ok()) return response.status();
    if (response->status == 401 && attempt == 0) {
      tokens_->Invalidate(*token);  // expired or revoked: one fresh token, one retry
      continue;
    }
    return response;
  }
}

}  // namespace bulwark::m365
