// Feedback: what a flagged message tells Bulwark when it comes back.
//
// Bulwark's own PATCH of a message's policyViolation makes Graph send an `updated` notification
// for it, and so do the sender's override, false-positive report and edits. The feedback step
// tells them apart so that none starts a loop of PATCHes:
//   - override / reportFalsePositive (the policyViolation's userAction): a feedback record naming
//     the rules that flag the content; the sender's justification is kept as its length and a
//     keyed fingerprint (its text only when configured). No verdict, so no PATCH.
//   - the content Bulwark judged, with the policyViolation Bulwark would set: an `enforced`
//     feedback record. No verdict, so no second PATCH.
//   - anything else (the content was edited, or the policies now decide differently): a verdict
//     as usual, with `supersedes` naming the message's current dlpAction and, when this process
//     saw it, the notification whose verdict it replaces.
// "The content Bulwark judged" is known from the MessageLedger: a bounded in-memory map of the
// messages this process flagged to a keyed digest of their content. Without an entry (after a
// restart, or a message another instance judged) the content counts as unchanged when the
// verdict asks for the dlpAction the message already has: the protection holds either way.
#ifndef BULWARK_ADAPTERS_PIPELINE_FEEDBACK_H_
#define BULWARK_ADAPTERS_PIPELINE_FEEDBACK_H_

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bulwark/content.h"
#include "bulwark/verdict.h"

namespace bulwark::pipeline {

inline constexpr char kFeedbackSchema[] = "bulwark.feedback/v1";

struct FeedbackOptions {
  // HMAC-SHA256 key of justification fingerprints (stable across restarts and instances, so a
  // report can group them). Empty: only the length is kept.
  std::string fingerprint_key;
  bool keep_justification_text = false;  // the sender's words verbatim (user content)
  size_t ledger_capacity = 100000;       // messages remembered; the oldest are forgotten first
};

// Graph's dlpAction for an enforced decision: "blockAccess", "notifySender", or "" (none).
std::string_view DlpActionFor(Action decision);

// "hmac-sha256:<hex>" of `text` under `key`.
std::string KeyedFingerprint(std::string_view key, std::string_view text);

// What identifies a message across notifications: tenant, chat or team/channel, message id.
// Empty when the content has no message id.
std::string MessageKey(const Content& content);

// Thread-safe, bounded map from MessageKey to the message Bulwark last flagged: what its content
// was and which verdict flagged it.
class MessageLedger {
 public:
  struct Entry {
    std::string digest;           // keyed digest of the content's fields
    std::string notification_id;  // the notification whose verdict flagged it
  };
  explicit MessageLedger(size_t capacity);
  void Put(const std::string& key, Entry entry);
  std::optional<Entry> Get(const std::string& key) const;
  // Keyed digest of every field (name and text) of `content`, with this ledger's key: random
  // per process, so the digests mean nothing outside it.
  std::string Digest(const Content& content) const;

 private:
  const size_t capacity_;
  std::string key_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order, for eviction
};

}  // namespace bulwark::pipeline

#endif  // BULWARK_ADAPTERS_PIPELINE_FEEDBACK_H_
