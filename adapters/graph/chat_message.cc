#include "graph/chat_message.h"

#include <cctype>

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

bool IsTextKey(const std::string& key) {
  static constexpr std::string_view kKeys[] = {
      "text",  "title",       "subtitle", "value",        "altText",       "fallbackText",
      "label", "placeholder", "speak",    "errorMessage", "messagePreview"};
  for (std::string_view k : kKeys) {
    if (key == k) return true;
  }
  return false;
}

// Cards nest a few levels; adversarial JSON may nest far deeper than a recursion should go.
constexpr int kMaxCardDepth = 64;

// Collects the human-readable string values of a card or other JSON attachment; sets *cut when
// a part nested deeper than kMaxCardDepth was not read.
void CollectText(const json& j, const std::string& key, std::string* out, bool* cut,
                 int depth = 0) {
  if (depth > kMaxCardDepth) {
    *cut = true;
    return;
  }
  if (j.is_string()) {
    if (IsTextKey(key)) {
      if (!out->empty()) out->push_back('\n');
      out->append(j.get_ref<const std::string&>());
    }
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      CollectText(it.value(), it.key(), out, cut, depth + 1);
  } else if (j.is_array()) {
    for (const json& v : j) CollectText(v, key, out, cut, depth + 1);
  }
}

// The text of one attachment's `content`: JSON (cards) -> its text values; HTML -> text. Sets
// *cut when part of a card was too deep to read.
std::string AttachmentText(const json& a, bool* cut) {
  std::string content = Str(a, "content");  // not const: returned by move
  if (content.empty()) return "";
  const std::string type = Str(a, "contentType");
  const json parsed = json::parse(content, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded() && (parsed.is_object() || parsed.is_array())) {
    std::string out;
    CollectText(parsed, "", &out, cut);
    return out;
  }
  if (type.find("html") != std::string::npos) return HtmlToText(content);
  return content;
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
      bool cut = false;
      if (std::string text = AttachmentText(a, &cut); !text.empty()) {
        c.fields.push_back({"attachment.content", std::move(text)});
      }
      if (cut) c.not_extracted.push_back("attachment.content");
    }
  }
  PutMeta(&c, "message_id", Str(j, "id"));
  PutMeta(&c, "chat_id", Str(j, "chatId"));
  PutMeta(&c, "message_type", Str(j, "messageType"));
  PutMeta(&c, "created", Str(j, "createdDateTime"));
  PutMeta(&c, "modified", Str(j, "lastModifiedDateTime"));
  PutMeta(&c, "edited", Str(j, "lastEditedDateTime"));
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

std::string NotScannedReason(const json& j) {
  const std::string type = Str(j, "messageType");
  if (!type.empty() && type != "message") return "system_event";
  return "";
}

namespace {
bool SameWord(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}
}  // namespace

bool PolicyViolationState::overridden() const { return SameWord(user_action, "override"); }
bool PolicyViolationState::HasDlpAction(std::string_view action) const {
  return SameWord(dlp_action, action);
}
bool PolicyViolationState::reported_false_positive() const {
  return SameWord(user_action, "reportFalsePositive");
}

std::optional<PolicyViolationState> ReadPolicyViolation(const json& j) {
  const json& v = Obj(j, "policyViolation");
  if (!v.is_object()) return std::nullopt;
  PolicyViolationState s;
  s.dlp_action = Str(v, "dlpAction");
  s.user_action = Str(v, "userAction");
  s.verdict_details = Str(v, "verdictDetails");
  s.justification = Str(v, "justificationText");
  const bool no_action = s.dlp_action.empty() || SameWord(s.dlp_action, "none");
  const bool no_user_action = s.user_action.empty() || SameWord(s.user_action, "none");
  if (no_action && no_user_action) return std::nullopt;
  return s;
}

}  // namespace bulwark::graph
