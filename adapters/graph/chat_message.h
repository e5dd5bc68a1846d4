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
//           attachment names;
//   metadata: message_id, chat_id, team_id, channel_id, tenant_id, sender_id, sender_name,
//             sender_type, message_type, created, reply_to_id (those present).
// Returns InvalidArgument when `j` is not a chatMessage.
Result<Content> ChatMessageToContent(const nlohmann::json& j);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_CHAT_MESSAGE_H_
