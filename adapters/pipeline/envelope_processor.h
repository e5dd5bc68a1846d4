// EnvelopeProcessor: Envelope -> decoded notifications -> verdicts, feedback, lifecycle and
// dead-letter records (JSON lines), plus counters (feedback.h: messages that come back flagged).
// The per-event step of the pipeline runner, shared by `bulwark replay` and the service. It holds
// no policy set: the caller passes the snapshot to use, so a reloaded set replaces the old one
// everywhere and the old one is freed.
//
// Thread-safety: Process() is const and may run concurrently (decoder and policy set are
// immutable, the message ledger is synchronized).
#ifndef BULWARK_ADAPTERS_PIPELINE_ENVELOPE_PROCESSOR_H_
#define BULWARK_ADAPTERS_PIPELINE_ENVELOPE_PROCESSOR_H_

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/engine.h"
#include "graph/notification_decoder.h"
#include "pipeline/feedback.h"
#include "sinks/sink.h"
#include "source/envelope.h"

namespace bulwark::pipeline {

// Counters of a run; Add() merges.
struct Tally {
  uint64_t events = 0;
  uint64_t notifications = 0;  // items of value[] other than probes
  uint64_t probes = 0;
  uint64_t lifecycle = 0;
  uint64_t not_scanned = 0;
  std::array<uint64_t, 4> verdicts{};            // by Action
  std::map<std::string, uint64_t> feedback;      // by kind: enforced, override, false_positive
  std::map<std::string, uint64_t> gaps;          // by lifecycle event: missed, subscriptionRemoved
  std::map<std::string, uint64_t> dead_letters;  // by reason code

  void Add(const Tally& o);
  uint64_t total_verdicts() const { return verdicts[0] + verdicts[1] + verdicts[2] + verdicts[3]; }
  uint64_t total_dead_letters() const;
};

struct OutputRecord {
  using Kind = sinks::RecordKind;
  Kind kind;
  std::string json;  // one line, no newline
};

struct ProcessedEnvelope {
  std::vector<OutputRecord> records;  // in the order of the event's items
  Tally tally;
};

class EnvelopeProcessor {
 public:
  // `decoder` is not owned and must outlive the processor.
  explicit EnvelopeProcessor(const graph::NotificationDecoder* decoder,
                             FeedbackOptions feedback = {});

  // Every item of the event as one record, evaluated against `policies`. Never throws for bad
  // input (bad input is a dead letter); may throw std::bad_alloc.
  ProcessedEnvelope Process(const source::Envelope& envelope, const PolicySet& policies) const;

 private:
  // One flagged message that came back: a feedback record, or nullopt when it needs a verdict
  // (then `supersedes` is set for it).
  std::optional<std::string> Feedback(const graph::DecodedItem& item, const Verdict& verdict,
                                      const std::string& digest,
                                      const std::optional<MessageLedger::Entry>& prior,
                                      const nlohmann::ordered_json& context, Tally* tally,
                                      nlohmann::ordered_json* supersedes) const;

  const graph::NotificationDecoder* decoder_;
  const FeedbackOptions feedback_;
  std::unique_ptr<MessageLedger> ledger_;  // internally synchronized
};

inline constexpr char kLifecycleSchema[] = "bulwark.lifecycle/v1";
inline constexpr char kDeadLetterSchema[] = "bulwark.deadletter/v1";
inline constexpr char kGapSchema[] = "bulwark.gap/v1";

// For a `missed` or `subscriptionRemoved` lifecycle notification, a bulwark.gap/v1 record (routed
// with lifecycle records): notifications of that subscription were not delivered `from` (null:
// unknown) `to` (null: until the subscription is recreated). Other items: nullopt.
std::optional<std::string> GapRecord(const graph::NotificationInfo& info,
                                     const source::Envelope& envelope,
                                     const nlohmann::ordered_json& source_json);

// A bulwark.deadletter/v1 record: reason code, fixed detail text, the item's index in value[]
// (-1: the whole event), the notification's identifiers and the source position. Never content.
std::string DeadLetterRecord(std::string_view reason, std::string_view detail, int item_index,
                             const graph::NotificationInfo& info, const source::Envelope& envelope);

// The result for an event whose processing failed unexpectedly (an exception escaped): one
// `internal_error` dead letter, so that the event is still accounted for.
ProcessedEnvelope InternalErrorResult(const source::Envelope& envelope);

}  // namespace bulwark::pipeline

#endif  // BULWARK_ADAPTERS_PIPELINE_ENVELOPE_PROCESSOR_H_
