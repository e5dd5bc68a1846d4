// Teams chatMessage resources (Graph) -> engine Content.
#ifndef BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_
#define BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_

#include <nlohmann/json.hpp>

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
//             sender_type, message_type, created, modified, reply_to_id (those present).
// Returns InvalidArgument when `j` is not a chatMessage.
Result<Content> ChatMessageToContent(const nlohmann::json& j);

// Why a chatMessage is not evaluated, or "" when it is: "system_event" for any messageType
// other than "message" (member added, call ended, ...); "already_flagged" when it already
// carries a policyViolation (set by Bulwark's own block, or by another DLP), so that the
// PATCH Bulwark sends does not make it flag its own blocked message again.
std::string NotScannedReason(const nlohmann::json& j);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_
