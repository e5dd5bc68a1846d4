// EnvelopeProcessor: Envelope -> decoded notifications -> verdicts, lifecycle and dead-letter
// records (JSON lines), plus counters. The shared core of `bulwark replay` and the service.
//
// Thread-safety: Process() is const and may run concurrently (decoder and policy set are
// immutable).
#ifndef BULWARK_ADAPTERS_PIPELINE_ENVELOPE_PROCESSOR_H_
#define BULWARK_ADAPTERS_PIPELINE_ENVELOPE_PROCESSOR_H_

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/engine.h"
#include "graph/notification_decoder.h"
#include "sinks/sink.h"

namespace bulwark::pipeline {

// Counters of a run; Add() merges.
struct Tally {
  uint64_t events = 0;
  uint64_t notifications = 0;  // items of value[] other than probes
  uint64_t probes = 0;
  uint64_t lifecycle = 0;
  uint64_t not_scanned = 0;
  std::array<uint64_t, 4> verdicts{};            // by Action
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
  EnvelopeProcessor(const graph::NotificationDecoder* decoder,
                    std::shared_ptr<const PolicySet> policies)
      : decoder_(decoder), policies_(std::move(policies)) {}

  // Uses `policies` (a snapshot: the caller may swap policy sets between calls).
  ProcessedEnvelope Process(const graph::Envelope& envelope) const {
    return Process(envelope, *policies_);
  }
  ProcessedEnvelope Process(const graph::Envelope& envelope, const PolicySet& policies) const;

 private:
  const graph::NotificationDecoder* decoder_;
  std::shared_ptr<const PolicySet> policies_;
};

inline constexpr char kLifecycleSchema[] = "bulwark.lifecycle/v1";
inline constexpr char kDeadLetterSchema[] = "bulwark.deadletter/v1";

}  // namespace bulwark::pipeline

#endif  // BULWARK_ADAPTERS_PIPELINE_ENVELOPE_PROCESSOR_H_
