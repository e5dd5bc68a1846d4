// PipelineRunner: the one event loop of `bulwark run` and `bulwark replay`.
//
//   source (polling thread) --(bounded input queue)--> N workers --(bounded output queue)-->
//   sink writer --> every SinkRoute accepted the event's records --> acknowledge
//
// Nothing is lost: every event taken from the source ends as records accepted by the sinks, or
// (when a run is stopped before draining) is never acknowledged, so a positioned source
// delivers it again. Acknowledgement is ordered per partition (OffsetWatermark): a position is
// passed to the source only when every earlier offset of the partition was accepted.
//
// Backpressure: when the input queue is full the runner pauses the source (and keeps polling
// it, so that a group member stays alive). Sinks: a failed write is retried with backoff
// (kRetry: the queues fill, the source pauses, no position moves) or ends the run with the
// error (kStop, for replay: a full disk is an error, not a silent success).
//
// Stopping: RequestStop() drains what is in flight (bounded by drain_timeout_ms), acknowledges
// and commits; a finite source's end drains without a time limit. RequestHardStop() stops
// waiting for the sinks. Revocation drains the revoked partitions' work in bounded time.
//
// Thread-safety: Run() once, on the thread that may poll the source. RequestStop(),
// RequestHardStop(), tally() and in_flight() from any thread.
#ifndef BULWARK_ADAPTERS_PIPELINE_RUNNER_H_
#define BULWARK_ADAPTERS_PIPELINE_RUNNER_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bulwark/policy_set.h"
#include "bulwark/status.h"
#include "pipeline/bounded_queue.h"
#include "pipeline/envelope_processor.h"
#include "pipeline/offset_watermark.h"
#include "sinks/sink.h"
#include "source/clock.h"
#include "source/event_source.h"

namespace bulwark::pipeline {

enum class SinkFailureMode {
  kRetry,  // retry with backoff until the sink accepts (or a hard stop): the service
  kStop,   // end the run with the sink's error: replay
};

struct RunnerOptions {
  unsigned workers = 1;          // at least 1
  size_t queue_capacity = 1024;  // events in each of the two queues
  // Write records in the order the source delivered the events (replay); otherwise in the
  // order processing finished (the service: no head-of-line blocking).
  bool preserve_order = false;
  SinkFailureMode on_sink_failure = SinkFailureMode::kRetry;
  int drain_timeout_ms = 10000;    // RequestStop() and revocation
  uint64_t stop_after_events = 0;  // >0: drain and finish once that many events were accepted
  int poll_timeout_ms = 100;       // one wait for the source; also the OnTick() period
  size_t sink_batch = 256;         // events per sink write, at most
  int sink_linger_ms = 2;          // a smaller batch waits this long for more before writing
  FeedbackOptions feedback;        // flagged messages that come back (feedback.h)
};

// What a run reports as it goes, for metrics, logs and progress bars. Every method has an empty
// default. Called on the thread named for each; implementations must not block for long.
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  // Polling thread, once per loop iteration (about every poll_timeout_ms).
  virtual void OnTick() {}
  // Polling thread, about once a second, for sources that report lag.
  virtual void OnLag(const std::map<int32_t, int64_t>& /*lag*/) {}
  // Polling thread: partitions assigned; revoked after draining (or the timeout).
  virtual void OnAssigned(const std::vector<int32_t>& /*partitions*/) {}
  virtual void OnRevoked(const std::vector<int32_t>& /*partitions*/, bool /*drained*/,
                         size_t /*in_flight*/) {}
  virtual void OnSourceError(const std::string& /*message*/) {}
  virtual void OnCaughtUp(int32_t /*partition*/, int64_t /*next_offset*/) {}
  // Worker thread, after each event evaluated with `set`.
  virtual void OnEvaluated(const PolicySet& /*set*/) {}
  // Worker thread: processing threw; the event became an internal_error dead letter.
  virtual void OnInternalError(const source::Envelope& /*envelope*/) {}
  // Sink writer: a batch was accepted by every sink. `processing_seconds` per event, from its
  // arrival; `end_to_end_seconds` per event that had a broker timestamp.
  // One event's records were all written (called before OnAccepted of its batch).
  virtual void OnEventAccepted(int32_t /*partition*/, int64_t /*offset*/,
                               const ProcessedEnvelope& /*result*/) {}
  virtual void OnAccepted(const Tally& /*batch*/, const std::vector<double>& /*processing*/,
                          const std::vector<double>& /*end_to_end*/) {}
  // Sink writer: a write failed (attempt counts from 1), or succeeded again after failures.
  virtual void OnSinkFailure(const std::string& /*sink*/, const Status& /*error*/,
                             int /*attempt*/) {}
  virtual void OnSinkRecovered(const std::string& /*sink*/) {}
};

// The policy set to evaluate the next event with (a snapshot: a reload swaps what it returns).
// Called on worker threads; must be thread-safe and never return null.
using PolicySupplier = std::function<std::shared_ptr<const PolicySet>()>;

struct RunResult {
  bool drained = false;  // every event taken from the source was accepted by the sinks
  Status error;          // why the run failed (kStop sink failure, commit failure), else OK
  Tally tally;
};

class PipelineRunner : private source::SourceListener {
 public:
  // `source`, `decoder` and `observer` are not owned and must outlive the runner; `observer`
  // may be null. Every record kind should have a route in `sinks` (records of a kind without
  // one are dropped: the caller checks coverage).
  PipelineRunner(RunnerOptions options, source::EventSource* source,
                 const graph::NotificationDecoder* decoder, PolicySupplier policies,
                 std::vector<sinks::SinkRoute> sinks, RunObserver* observer = nullptr,
                 const source::Clock& clock = source::SystemClock());
  ~PipelineRunner() override;
  PipelineRunner(const PipelineRunner&) = delete;
  PipelineRunner& operator=(const PipelineRunner&) = delete;

  // Runs until the source ends, RequestStop(), stop_after_events or a kStop sink failure; then
  // drains, commits and closes the source. Call once.
  RunResult Run();

  void RequestStop();
  void RequestHardStop();
  bool stopping() const { return stop_.load(); }

  // Counters of the events accepted so far.
  Tally tally() const;
  // Events taken from the source and not yet accepted.
  uint64_t in_flight() const;

 private:
  struct WorkItem {
    source::Envelope envelope;
    source::Clock::Steady::time_point received;
    uint64_t seq = 0;
  };
  struct DoneItem {
    int32_t partition = -1;
    int64_t offset = -1;
    int64_t timestamp_ms = 0;
    source::Clock::Steady::time_point received;
    uint64_t seq = 0;
    ProcessedEnvelope result;
  };

  // SourceListener (polling thread).
  void OnAssigned(const std::vector<int32_t>& partitions) override;
  void OnRevoked(const std::vector<int32_t>& partitions) override;
  void OnSourceError(const std::string& message) override;
  void OnCaughtUp(int32_t partition, int64_t next_offset) override {
    observer_->OnCaughtUp(partition, next_offset);
  }

  void WorkerLoop();
  void SinkLoop();
  // Writes `batch` to every route; false when the run must end without acknowledging.
  bool WriteBatch(const std::vector<DoneItem>& batch);
  bool WriteWithRetry(sinks::SinkRoute& route, const std::vector<const std::string*>& lines);
  void Accept(const std::vector<DoneItem>& batch);
  // Moves overflow into the input queue while there is room.
  void FeedInput();
  void Take(source::Envelope&& envelope);
  // Forgets an event that will not be processed (dropped at revocation or stop).
  void Withdraw(const WorkItem& w);
  // Waits until nothing is in flight, the deadline passes (timeout_ms < 0: no deadline), or the
  // run failed or was hard-stopped. True when nothing is in flight.
  bool WaitIdle(int timeout_ms);

  const RunnerOptions options_;
  source::EventSource* const source_;
  const EnvelopeProcessor processor_;
  const PolicySupplier policies_;
  std::vector<sinks::SinkRoute> sinks_;
  RunObserver default_observer_;
  RunObserver* const observer_;
  const source::Clock& clock_;
  const bool positioned_;

  BoundedQueue<WorkItem> input_;
  BoundedQueue<DoneItem> output_;
  OffsetWatermark watermark_;
  std::deque<WorkItem> overflow_;  // polling thread only
  uint64_t next_seq_ = 0;          // polling thread only

  std::atomic<bool> stop_{false};
  std::atomic<bool> hard_stop_{false};
  std::atomic<bool> failed_{false};
  std::atomic<uint64_t> accepted_{0};

  mutable std::mutex mu_;  // guards the members below
  std::condition_variable idle_cv_;
  uint64_t pending_ = 0;  // taken and not accepted or withdrawn
  Status error_;
  Tally tally_;
};

}  // namespace bulwark::pipeline

#endif  // BULWARK_ADAPTERS_PIPELINE_RUNNER_H_
