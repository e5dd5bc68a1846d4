#include "graph/chat_message.h"

#include "graph/html_text.h"

namespace bulwark::graph {
namespace {

using nlohmann::json;

// The string at `key` of object `j`, or "" when absent or not a string.
std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& Obj(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? *it : kNull;
}

void PutMeta(Content* c, const char* key, std::string value) {
  if (!value.empty()) c->metadata[key] = std::move(value);
}

}  // namespace

bool IsChatMessage(const json& j) {
  const json& body = Obj(j, "body");
  return body.is_object() && body.contains("content") && body["content"].is_string();
}

Result<Content> ChatMessageToContent(const json& j) {
  if (!IsChatMessage(j)) {
    return Status::InvalidArgument("not a chatMessage: no body.content string");
  }
  Content c;
  c.resource_type = kChatMessageResource;
  const json& body = Obj(j, "body");
  const std::string content = Str(body, "content");
  const std::string type = Str(body, "contentType");
  c.fields.push_back({"body", type == "text" ? content : HtmlToText(content)});
  if (std::string s = Str(j, "subject"); !s.empty()) c.fields.push_back({"subject", s});
  if (std::string s = Str(j, "summary"); !s.empty()) c.fields.push_back({"summary", s});
  if (auto it = j.find("attachments"); it != j.end() && it->is_array()) {
    for (const json& a : *it) {
      if (std::string name = Str(a, "name"); !name.empty()) {
        c.fields.push_back({"attachment.name", name});
      }
    }
  }
  PutMeta(&c, "message_id", Str(j, "id"));
  PutMeta(&c, "chat_id", Str(j, "chatId"));
  PutMeta(&c, "message_type", Str(j, "messageType"));
  PutMeta(&c, "created", Str(j, "createdDateTime"));
  PutMeta(&c, "reply_to_id", Str(j, "replyToId"));
  const json& channel = Obj(j, "channelIdentity");
  PutMeta(&c, "team_id", Str(channel, "teamId"));
  PutMeta(&c, "channel_id", Str(channel, "channelId"));
  const json& from = Obj(j, "from");
  const json& user = Obj(from, "user");
  const json& app = Obj(from, "application");
  if (user.is_object()) {
    PutMeta(&c, kMetaSenderId, Str(user, "id"));
    PutMeta(&c, kMetaSenderName, Str(user, "displayName"));
    PutMeta(&c, "sender_type", Str(user, "userIdentityType"));
    PutMeta(&c, kMetaTenantId, Str(user, "tenantId"));
  } else if (app.is_object()) {
    PutMeta(&c, kMetaSenderId, Str(app, "id"));
    PutMeta(&c, kMetaSenderName, Str(app, "displayName"));
    PutMeta(&c, "sender_type", "application");
  }
  return c;
}

}  // namespace bulwark::graph
