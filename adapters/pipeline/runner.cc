#include "pipeline/runner.h"

#include <algorithm>

namespace bulwark::pipeline {
namespace {

double Seconds(source::Clock::Steady::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

PipelineRunner::PipelineRunner(RunnerOptions options, source::EventSource* source,
                               const graph::NotificationDecoder* decoder, PolicySupplier policies,
                               std::vector<sinks::SinkRoute> sinks, RunObserver* observer,
                               const source::Clock& clock)
    : options_(std::move(options)),
      source_(source),
      processor_(decoder, options_.feedback),
      policies_(std::move(policies)),
      sinks_(std::move(sinks)),
      observer_(observer != nullptr ? observer : &default_observer_),
      clock_(clock),
      positioned_(source->tracks_positions()),
      input_(options_.queue_capacity),
      output_(options_.queue_capacity) {}

PipelineRunner::~PipelineRunner() = default;

void PipelineRunner::RequestStop() { stop_ = true; }

void PipelineRunner::RequestHardStop() {
  stop_ = true;
  hard_stop_ = true;
  idle_cv_.notify_all();
}

Tally PipelineRunner::tally() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tally_;
}

uint64_t PipelineRunner::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_;
}

void PipelineRunner::OnAssigned(const std::vector<int32_t>& partitions) {
  for (int32_t p : partitions) watermark_.Forget(p);
  observer_->OnAssigned(partitions);
}

void PipelineRunner::OnRevoked(const std::vector<int32_t>& partitions) {
  // Work of the revoked partitions that was fetched but never started is dropped: it was never
  // acknowledged, so the next owner consumes it again.
  std::deque<WorkItem> keep;
  for (WorkItem& w : overflow_) {
    if (std::find(partitions.begin(), partitions.end(), w.envelope.partition) != partitions.end()) {
      Withdraw(w);
    } else {
      keep.push_back(std::move(w));
    }
  }
  overflow_.swap(keep);
  const bool drained = watermark_.WaitDrained(partitions, options_.drain_timeout_ms);
  observer_->OnRevoked(partitions, drained, watermark_.InFlight());
  for (int32_t p : partitions) watermark_.Forget(p);
}

void PipelineRunner::OnSourceError(const std::string& message) {
  observer_->OnSourceError(message);
}

void PipelineRunner::Withdraw(const WorkItem& w) {
  if (positioned_ && w.envelope.partition >= 0) {
    watermark_.Cancel(w.envelope.partition, w.envelope.offset);
  }
  std::lock_guard<std::mutex> lock(mu_);
  --pending_;
  idle_cv_.notify_all();
}

bool PipelineRunner::WaitIdle(int timeout_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  auto done = [&] { return pending_ == 0 || failed_.load() || hard_stop_.load(); };
  if (timeout_ms < 0) {
    idle_cv_.wait(lock, done);
  } else {
    idle_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), done);
  }
  return pending_ == 0;
}

void PipelineRunner::Take(source::Envelope&& envelope) {
  WorkItem w;
  w.envelope = std::move(envelope);
  w.received = clock_.Now();
  if (positioned_ && w.envelope.partition >= 0) {
    watermark_.Dispatch(w.envelope.partition, w.envelope.offset);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++pending_;
  }
  overflow_.push_back(std::move(w));
  FeedInput();
}

void PipelineRunner::FeedInput() {
  while (!overflow_.empty()) {
    // The sequence number is given on entry to the queue, so that withdrawn overflow leaves no
    // gap in the order the sink writer restores.
    overflow_.front().seq = next_seq_;
    if (!input_.TryPush(std::move(overflow_.front()))) return;
    ++next_seq_;
    overflow_.pop_front();
  }
}

void PipelineRunner::WorkerLoop() {
  while (std::optional<WorkItem> item = input_.Pop()) {
    DoneItem done;
    done.partition = item->envelope.partition;
    done.offset = item->envelope.offset;
    done.timestamp_ms = item->envelope.timestamp_ms;
    done.received = item->received;
    done.seq = item->seq;
    try {
      const std::shared_ptr<const PolicySet> set = policies_();
      done.result = processor_.Process(item->envelope, *set);
      observer_->OnEvaluated(*set);
    } catch (...) {
      // Never lose an event: an unexpected failure is a dead letter like any other.
      done.result = InternalErrorResult(item->envelope);
      observer_->OnInternalError(item->envelope);
    }
    if (!output_.Push(std::move(done))) break;
  }
}

bool PipelineRunner::WriteWithRetry(sinks::SinkRoute& route,
                                    const std::vector<const std::string*>& lines) {
  int backoff_ms = 100;
  for (int attempt = 1;; ++attempt) {
    const Status s = route.sink->Write(lines);
    if (s.ok()) {
      if (attempt > 1) observer_->OnSinkRecovered(route.sink->name());
      return true;
    }
    observer_->OnSinkFailure(route.sink->name(), s, attempt);
    if (options_.on_sink_failure == SinkFailureMode::kStop) {
      std::lock_guard<std::mutex> lock(mu_);
      error_ = Status(s.code(), route.sink->name() + ": " + s.message());
      failed_ = true;
      idle_cv_.notify_all();
      return false;
    }
    for (int waited = 0; waited < backoff_ms; waited += 50) {
      if (hard_stop_.load()) return false;
      clock_.SleepFor(std::chrono::milliseconds(50));
    }
    backoff_ms = std::min(backoff_ms * 2, 5000);
  }
}

bool PipelineRunner::WriteBatch(const std::vector<DoneItem>& batch) {
  for (sinks::SinkRoute& route : sinks_) {
    std::vector<const std::string*> lines;
    for (const DoneItem& d : batch) {
      for (const auto& r : d.result.records) {
        if (route.kinds.count(r.kind)) lines.push_back(&r.json);
      }
    }
    if (!lines.empty() && !WriteWithRetry(route, lines)) return false;
  }
  return true;
}

void PipelineRunner::Accept(const std::vector<DoneItem>& batch) {
  const auto now = clock_.Now();
  const int64_t now_ms = clock_.WallMillis();
  std::vector<double> processing;
  std::vector<double> end_to_end;
  processing.reserve(batch.size());
  Tally t;
  for (const DoneItem& d : batch) {
    t.Add(d.result.tally);
    observer_->OnEventAccepted(d.partition, d.offset, d.result);
    processing.push_back(Seconds(now - d.received));
    if (d.timestamp_ms > 0) {
      end_to_end.push_back(static_cast<double>(now_ms - d.timestamp_ms) / 1000.0);
    }
    if (positioned_ && d.partition >= 0) {
      const int32_t partition = d.partition;
      watermark_.Ack(partition, d.offset,
                     [&](int64_t pos) { source_->Acknowledge(partition, pos); });
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    tally_.Add(t);
    pending_ -= batch.size();
    idle_cv_.notify_all();
  }
  accepted_ += batch.size();
  observer_->OnAccepted(t, processing, end_to_end);
}

void PipelineRunner::SinkLoop() {
  std::map<uint64_t, DoneItem> waiting;  // preserve_order: finished out of order
  uint64_t next = 0;
  while (true) {
    std::vector<DoneItem> batch =
        output_.PopBatch(options_.sink_batch, std::chrono::milliseconds(100));
    if (batch.empty()) {
      if (hard_stop_.load() || output_.closed_and_empty()) return;
      continue;
    }
    if (batch.size() < options_.sink_batch && options_.sink_linger_ms > 0) {
      // Let a batch gather: one write (and flush, or broker round trip) per few milliseconds
      // instead of one per event.
      clock_.SleepFor(std::chrono::milliseconds(options_.sink_linger_ms));
      for (DoneItem& d :
           output_.PopBatch(options_.sink_batch - batch.size(), std::chrono::milliseconds(0))) {
        batch.push_back(std::move(d));
      }
    }
    if (options_.preserve_order) {
      for (DoneItem& d : batch) waiting.emplace(d.seq, std::move(d));
      batch.clear();
      for (auto it = waiting.begin(); it != waiting.end() && it->first == next;
           it = waiting.erase(it), ++next) {
        batch.push_back(std::move(it->second));
      }
      if (batch.empty()) continue;
    }
    if (!WriteBatch(batch)) return;  // hard stop or a kStop failure: no acknowledgement
    Accept(batch);
  }
}

RunResult PipelineRunner::Run() {
  source_->SetListener(this);
  const unsigned n_workers = std::max(1u, options_.workers);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < n_workers; ++i) workers.emplace_back(&PipelineRunner::WorkerLoop, this);
  std::thread sink_thread(&PipelineRunner::SinkLoop, this);

  bool ended = false;
  bool paused = false;
  auto last_lag = clock_.Now();
  while (!stop_.load() && !failed_.load()) {
    observer_->OnTick();
    FeedInput();
    if (!overflow_.empty() && !paused) {
      source_->Pause();
      paused = true;
    } else if (overflow_.empty() && paused) {
      source_->Resume();
      paused = false;
    }
    source::Envelope e;
    const source::PollStatus st = source_->Poll(options_.poll_timeout_ms, &e);
    if (st == source::PollStatus::kEvent) {
      Take(std::move(e));
    } else if (st == source::PollStatus::kEnd) {
      ended = true;
      break;
    } else if (paused) {
      // Refill in a burst once the workers have emptied half the queue.
      input_.WaitForRoom(std::chrono::milliseconds(options_.poll_timeout_ms),
                         options_.queue_capacity / 2);
    }
    if (positioned_ && clock_.Now() - last_lag > std::chrono::seconds(1)) {
      observer_->OnLag(source_->Lag());
      last_lag = clock_.Now();
    }
    if (options_.stop_after_events > 0 && accepted_.load() >= options_.stop_after_events) break;
  }

  // Drain: nothing new is taken; what is queued finishes, then positions are committed. A
  // finite source that ended drains completely (its overflow is still work to do).
  stop_ = true;
  bool drained;
  if (ended) {
    while (!overflow_.empty() && !failed_.load() && !hard_stop_.load()) {
      FeedInput();
      if (!overflow_.empty()) input_.WaitForRoom(std::chrono::milliseconds(100));
    }
    drained = WaitIdle(-1);
  } else {
    for (WorkItem& w : overflow_) Withdraw(w);
    overflow_.clear();
    drained = WaitIdle(options_.drain_timeout_ms);
  }
  if (!drained) hard_stop_ = true;
  Status commit = source_->Commit();
  input_.Close();
  // A stopped sink writer takes nothing more: unblock workers waiting for room in its queue.
  if (hard_stop_.load() || failed_.load()) output_.Close();
  for (auto& t : workers) t.join();
  output_.Close();  // the sink writer exits once the output queue is empty (or at a hard stop)
  sink_thread.join();
  source_->Close();

  RunResult result;
  result.drained = drained;
  result.tally = tally();
  std::lock_guard<std::mutex> lock(mu_);
  result.error = !error_.ok() ? error_ : commit;
  return result;
}

}  // namespace bulwark::pipeline
