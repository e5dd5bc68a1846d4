#include "cli/scan_input.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "graph/chat_message.h"

namespace bulwark::cli {

bool ReadInput(const std::string& path, std::string* out) {
  std::stringstream buf;
  if (path == "-") {
    buf << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    buf << in.rdbuf();
    if (in.bad()) return false;
  }
  *out = buf.str();
  return true;
}

ScanInput ContentFromBytes(const std::string& bytes) {
  ScanInput in;
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && bytes[first] == '{') {
    nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded() && graph::IsChatMessage(j)) {
      auto content = graph::ChatMessageToContent(j);
      if (content.ok()) {
        in.content = std::move(content).value();
        in.resource["type"] = graph::kChatMessageResource;
        for (const char* key : {"message_id", "chat_id", "team_id", "channel_id", "tenant_id",
                                "sender_id", "message_type"}) {
          auto it = in.content.metadata.find(key);
          if (it != in.content.metadata.end()) in.resource[key] = it->second;
        }
        return in;
      }
    }
  }
  in.content.resource_type = "text";
  in.content.fields.push_back({"text", bytes});
  in.resource["type"] = "text";
  return in;
}

}  // namespace bulwark::cli
