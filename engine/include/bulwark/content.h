// Content: what the engine evaluates. Adapters (plain text, Teams chatMessage, ...) build it;
// the engine knows nothing of where it came from.
#ifndef BULWARK_CONTENT_H_
#define BULWARK_CONTENT_H_

#include <map>
#include <string>
#include <vector>

namespace bulwark {

// One named text field ("body", "subject", "attachment.name", ...). Text is UTF-8; invalid
// sequences are tolerated (the engine scans them as '?', keeping byte offsets stable).
// Limit: a field is shorter than 4 GiB (evidence offsets are 32-bit); adapters cap events far
// below that (Event Hubs: 1 MB).
struct Field {
  std::string name;
  std::string text;
};

// Metadata keys the engine itself understands (scope):
inline constexpr char kMetaTenantId[] = "tenant_id";
inline constexpr char kMetaSenderId[] = "sender_id";
inline constexpr char kMetaSenderName[] = "sender_name";

struct Content {
  // Resource type a policy scopes on, e.g. "chatMessage" or "text".
  std::string resource_type;
  // Free-form string metadata (tenant, sender, chat id, ...). Never contains content text.
  std::map<std::string, std::string> metadata;
  std::vector<Field> fields;
  // Parts of the resource the adapter could not turn into field text in full (for example card
  // JSON nested deeper than it reads), named like fields. Each makes the verdict incomplete
  // (reason "not_extracted", no detector), which concerns every policy in scope: fail closed.
  std::vector<std::string> not_extracted;
};

}  // namespace bulwark

#endif  // BULWARK_CONTENT_H_
