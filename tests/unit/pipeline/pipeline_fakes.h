// In-memory fakes of the pipeline's environment: an event source with partitions and
// rebalances, a sink that can fail on demand, and a clock whose sleeps return at once.
#ifndef BULWARK_TESTS_UNIT_PIPELINE_PIPELINE_FAKES_H_
#define BULWARK_TESTS_UNIT_PIPELINE_PIPELINE_FAKES_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "sinks/sink.h"
#include "source/clock.h"
#include "source/event_source.h"

namespace bulwark::testing {

// A clock whose SleepFor() only advances its own time (backoffs cost nothing in tests).
class FakeClock : public source::Clock {
 public:
  int64_t WallMillis() const override { return 1'800'000'000'000 + Elapsed(); }
  Steady::time_point Now() const override {
    return Steady::time_point() + std::chrono::milliseconds(Elapsed());
  }
  void SleepFor(std::chrono::milliseconds d) const override { elapsed_ms_ += d.count(); }
  int64_t Elapsed() const { return elapsed_ms_.load(); }

 private:
  mutable std::atomic<int64_t> elapsed_ms_{0};
};

// Events handed out in order; positioned (a Kafka-like source with partitions whose positions
// are acknowledged) or not (files). Actions scheduled "before event N" run inside Poll(), as a
// rebalance does. Finite: kEnd after the last event unless `endless`.
class FakeSource : public source::EventSource {
 public:
  explicit FakeSource(bool positioned) : positioned_(positioned) {}

  // Adds an event with `body` on `partition` at the partition's next offset.
  void Add(int32_t partition, std::string body) {
    source::Envelope e;
    e.source_kind = "fake";
    e.partition = positioned_ ? partition : -1;
    e.offset = positioned_ ? next_offset_[partition]++ : -1;
    e.body = std::move(body);
    events_.push_back(std::move(e));
  }
  // Runs `action` (with the listener) on the polling thread before event `index` is handed out.
  void Before(size_t index, std::function<void(source::SourceListener*)> action) {
    actions_[index].push_back(std::move(action));
  }
  // From now on Poll() hands out nothing more (kIdle), as a source whose partitions are gone.
  void Halt() { halted_ = true; }
  // Keeps returning kIdle after the last event instead of kEnd (a stream).
  void set_endless(bool endless) { endless_ = endless; }

  std::string name() const override { return "fake"; }
  void SetListener(source::SourceListener* l) override { listener_ = l; }
  bool tracks_positions() const override { return positioned_; }
  source::PollStatus Poll(int, source::Envelope* out) override {
    ++polls_;
    if (auto it = actions_.find(next_); it != actions_.end()) {
      auto actions = std::move(it->second);
      actions_.erase(it);
      for (auto& a : actions) a(listener_);
    }
    if (halted_) return source::PollStatus::kIdle;
    if (paused_) {
      ++polls_while_paused_;
      return source::PollStatus::kIdle;
    }
    if (next_ >= events_.size()) {
      return endless_ ? source::PollStatus::kIdle : source::PollStatus::kEnd;
    }
    *out = events_[next_++];
    return source::PollStatus::kEvent;
  }
  void Acknowledge(int32_t partition, int64_t next_offset) override {
    std::lock_guard<std::mutex> lock(mu_);
    acks_[partition].push_back(next_offset);
  }
  Status Commit() override {
    ++commits_;
    return Status::Ok();
  }
  void Pause() override {
    paused_ = true;
    ++pauses_;
  }
  void Resume() override { paused_ = false; }
  std::map<int32_t, int64_t> Lag() const override { return {}; }
  void Close() override { ++closes_; }

  // Acknowledged positions per partition, in the order given.
  std::map<int32_t, std::vector<int64_t>> acks() const {
    std::lock_guard<std::mutex> lock(mu_);
    return acks_;
  }
  size_t handed_out() const { return next_; }
  int pauses() const { return pauses_; }
  int polls_while_paused() const { return polls_while_paused_; }
  int commits() const { return commits_; }
  int closes() const { return closes_; }

 private:
  const bool positioned_;
  std::vector<source::Envelope> events_;
  std::map<int32_t, int64_t> next_offset_;
  std::map<size_t, std::vector<std::function<void(source::SourceListener*)>>> actions_;
  size_t next_ = 0;
  bool endless_ = false;
  bool halted_ = false;
  bool paused_ = false;
  source::SourceListener* listener_ = nullptr;
  int polls_ = 0;
  int polls_while_paused_ = 0;
  int pauses_ = 0;
  int commits_ = 0;
  int closes_ = 0;
  mutable std::mutex mu_;
  std::map<int32_t, std::vector<int64_t>> acks_;
};

// Keeps every accepted line. Fails while `failing` is set; can also hold writes until
// released (to fill the queues behind it deterministically).
class FakeSink : public sinks::Sink {
 public:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::string> lines;
    int writes = 0;
    int failures = 0;
    bool failing = false;
    bool held = false;
  };
  explicit FakeSink(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::string name() const override { return "fake-sink"; }
  Status Write(const std::vector<const std::string*>& lines) override {
    std::unique_lock<std::mutex> lock(state_->mu);
    state_->cv.wait(lock, [&] { return !state_->held; });
    ++state_->writes;
    if (state_->failing) {
      ++state_->failures;
      state_->cv.notify_all();
      return Status::IoError("disk full");
    }
    for (const std::string* l : lines) state_->lines.push_back(*l);
    state_->cv.notify_all();
    return Status::Ok();
  }

 private:
  std::shared_ptr<State> state_;
};

}  // namespace bulwark::testing

#endif  // BULWARK_TESTS_UNIT_PIPELINE_PIPELINE_FAKES_H_
