// Teams chatMessage resources (Graph) -> engine Content.
#ifndef BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_
#define BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "bulwark/content.h"
#include "bulwark/status.h"

namespace bulwark::graph {

inline constexpr char kChatMessageResource[] = "chatMessage";

// True when `j` looks like a chatMessage resource: an object whose "body" is an object with a
// string "content".
bool IsChatMessage(const nlohmann::json& j);

// Builds Content from a chatMessage resource:
//   fields: body (HTML converted to text when body.contentType is "html"), subject, summary,
//           attachment.name (file names), attachment.content (the text values of Adaptive
//           Cards and other JSON attachments; HTML attachments as text);
//   metadata: message_id, chat_id, team_id, channel_id, tenant_id, sender_id, sender_name,
//             sender_type, message_type, created, modified, edited, reply_to_id (those
//             present).
// Returns InvalidArgument when `j` is not a chatMessage.
Result<Content> ChatMessageToContent(const nlohmann::json& j);

// Why a chatMessage is not evaluated, or "" when it is: "system_event" for any messageType
// other than "message" (member added, call ended, ...).
std::string NotScannedReason(const nlohmann::json& j);

// The policyViolation a message already carries (set by Bulwark's own PATCH, by another DLP, or
// changed by the sender's override or false-positive report). Enum values as Graph sends them
// (camelCase; compared case-insensitively by the readers below).
struct PolicyViolationState {
  std::string dlp_action;       // "blockAccess", "notifySender", "blockAccessExternal", "none"
  std::string user_action;      // "override", "reportFalsePositive", "none" or ""
  std::string verdict_details;  // as Graph returns it
  std::string justification;    // the sender's text (user content: never logged as is)
  bool overridden() const;      // user_action is override
  bool reported_false_positive() const;  // user_action is reportFalsePositive
  // dlp_action is `action` (Graph's casing varies: "BlockAccess", "blockAccess").
  bool HasDlpAction(std::string_view action) const;
};

// The message's policyViolation, or nullopt when it has none (absent, null, or dlpAction none
// without a user action).
std::optional<PolicyViolationState> ReadPolicyViolation(const nlohmann::json& j);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_
