// NotificationDecoder: one Event Hubs event body (a changeNotificationCollection) -> records.
//
// Every item of `value` becomes exactly one DecodedItem: content to evaluate, content not to
// evaluate (system events), a lifecycle record, or
// a dead letter with a reason. Subscription probes (subscriptionId "NA") are skipped and counted.
// A failure of the whole event (oversized, not JSON, not a collection, bad token) is one dead
// letter. Nothing here throws, logs or keeps plaintext beyond the returned Content.
//
// Thread-safety: Decode() is const and may run concurrently once the decoder is built.
#ifndef BULWARK_ADAPTERS_GRAPH_NOTIFICATION_DECODER_H_
#define BULWARK_ADAPTERS_GRAPH_NOTIFICATION_DECODER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/content.h"
#include "graph/chat_message.h"
#include "graph/dead_letter.h"
#include "graph/key_store.h"
#include "graph/token_validator.h"

namespace bulwark::graph {

struct DecoderConfig {
  const KeyStore* keys = nullptr;  // required for content notifications
  // Expected clientState: per subscription id, else `client_state`; empty: not checked.
  std::string client_state;
  std::map<std::string, std::string> client_state_by_subscription;
  std::set<std::string> allowed_tenants;      // empty: any tenant
  std::set<std::string> known_subscriptions;  // empty: any subscription
  size_t max_event_bytes = 1024 * 1024;       // Event Hubs' 1 MB event limit
  const TokenValidator* tokens = nullptr;     // validates validationTokens when present
  bool require_tokens = false;                // with `tokens`: an event without them fails
  // Seconds since the epoch for token expiry checks; empty: the system clock. Must be
  // thread-safe (Decode() runs on many threads).
  std::function<int64_t()> now_seconds;
  // Reads the payload Graph stored for a rich notification over 1 MB (its
  // additionalPayloadStorageId): the JSON object holding the notification's resource,
  // resourceData and encryptedContent. Empty: such notifications are payload_store_missing dead
  // letters. Must be thread-safe; an error's message must name no secret.
  std::function<Result<std::string>(const std::string& storage_id)> fetch_payload;
};

// What identifies a notification in verdicts and dead letters. Never content.
struct NotificationInfo {
  std::string id;
  std::string subscription_id;
  std::string tenant_id;
  std::string change_type;
  std::string resource;
  std::string lifecycle_event;
};

struct DecodedItem {
  enum class Kind {
    kContent,     // evaluate `content`
    kNotScanned,  // record an allow verdict with `not_scanned` as the reason
    kLifecycle,   // lifecycle record
    kDeadLetter,  // dead-letter record
  };
  Kind kind = Kind::kDeadLetter;
  int index = -1;  // position in value[]; -1 for a failure of the whole event
  NotificationInfo info;
  Content content;          // kContent (and kNotScanned: metadata only)
  std::string not_scanned;  // kNotScanned: "system_event"
  // kContent: the policyViolation the message already carries (Bulwark's own block, another
  // DLP's, or the sender's override / false-positive report), for the feedback step.
  std::optional<PolicyViolationState> violation;
  DeadLetterReason reason = DeadLetterReason::kMalformedJson;  // kDeadLetter
  std::string detail;  // kDeadLetter: fixed explanatory text from this code, never content
};

struct DecodeResult {
  std::vector<DecodedItem> items;
  int probes = 0;  // subscription probe items skipped
};

class NotificationDecoder {
 public:
  // `config.keys` and `config.tokens` are not owned and must outlive the decoder.
  explicit NotificationDecoder(DecoderConfig config) : config_(std::move(config)) {}
  // Decodes one event body. Never throws; the result has at least one item unless every item
  // was a probe (or value[] was empty).
  DecodeResult Decode(std::string_view body) const;

 private:
  DecodedItem DecodeItem(const nlohmann::json& item, int index) const;
  DecoderConfig config_;
};

// NotificationInfo as JSON: {"id","subscription_id","tenant_id","change_type","resource"}.
nlohmann::ordered_json NotificationJson(const NotificationInfo& info);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_NOTIFICATION_DECODER_H_
