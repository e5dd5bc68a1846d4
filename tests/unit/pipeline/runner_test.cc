// PipelineRunner against in-memory fakes of the source, the sinks and the clock: ordering,
// acknowledgement, drain, revocation, backpressure and failing sinks.
#include "pipeline/runner.h"

#include <gtest/gtest.h>

#include <latch>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_util.h"
#include "unit/pipeline/pipeline_fakes.h"

namespace bulwark::pipeline {
namespace {

using testing::FakeClock;
using testing::FakeSink;
using testing::FakeSource;

constexpr char kPolicy[] =
    "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
    "detectors:\n  - {id: word, keywords: [codeword]}\n"
    "rules:\n  - {id: r, when: word, action: notify}\n";

// A lifecycle notification (no decryption needed): one lifecycle record with id `id` (a
// reauthorizationRequired: missed and subscriptionRemoved add a gap record).
std::string Lifecycle(const std::string& id) {
  return nlohmann::json{
      {"value",
       {{{"id", id}, {"subscriptionId", "sub"}, {"lifecycleEvent", "reauthorizationRequired"}}}}}
      .dump();
}

// The notification ids of the records, in order ("" for records without one).
std::vector<std::string> Ids(const std::vector<std::string>& lines) {
  std::vector<std::string> ids;
  ids.reserve(lines.size());
  for (const auto& l : lines) {
    ids.push_back(nlohmann::json::parse(l)["notification"].value("id", ""));
  }
  return ids;
}

class RunnerTest : public ::testing::Test {
 protected:
  RunnerTest() : decoder_(graph::DecoderConfig{}) {
    set_ = testing::LoadYaml({kPolicy});
    sink_ = std::make_shared<FakeSink::State>();
  }

  std::vector<sinks::SinkRoute> Routes() {
    std::vector<sinks::SinkRoute> r;
    r.push_back({std::make_unique<FakeSink>(sink_), sinks::kAllRecordKinds});
    return r;
  }
  PipelineRunner Make(FakeSource* source, RunnerOptions options, RunObserver* observer = nullptr) {
    return PipelineRunner(
        std::move(options), source, &decoder_, [this] { return set_; }, Routes(), observer, clock_);
  }

  graph::NotificationDecoder decoder_;
  std::shared_ptr<const PolicySet> set_;
  std::shared_ptr<FakeSink::State> sink_;
  FakeClock clock_;
};

TEST_F(RunnerTest, FiniteSourceIsProcessedCompletelyInInputOrder) {
  FakeSource source(/*positioned=*/false);
  for (int i = 0; i < 500; ++i) {
    source.Add(0, i % 50 == 7 ? "{not json" : Lifecycle("n" + std::to_string(i)));
  }
  RunnerOptions o;
  o.workers = 4;
  o.queue_capacity = 8;
  o.preserve_order = true;
  o.on_sink_failure = SinkFailureMode::kStop;
  PipelineRunner runner = Make(&source, o);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_TRUE(r.error.ok()) << r.error.message();
  EXPECT_EQ(r.tally.events, 500u);
  EXPECT_EQ(r.tally.lifecycle, 490u);
  EXPECT_EQ(r.tally.dead_letters.at("malformed_json"), 10u);
  ASSERT_EQ(sink_->lines.size(), 500u);
  const std::vector<std::string> ids = Ids(sink_->lines);
  for (int i = 0; i < 500; ++i) {
    EXPECT_EQ(ids[i], i % 50 == 7 ? "" : "n" + std::to_string(i)) << "record " << i;
  }
  EXPECT_TRUE(source.acks().empty());  // positions of an unpositioned source are not acked
  EXPECT_EQ(source.closes(), 1);
  EXPECT_EQ(runner.in_flight(), 0u);
}

TEST_F(RunnerTest, AcknowledgesEachPartitionUpToItsLastAcceptedOffset) {
  FakeSource source(/*positioned=*/true);
  for (int i = 0; i < 90; ++i) source.Add(i % 3, Lifecycle("n" + std::to_string(i)));
  RunnerOptions o;
  o.workers = 3;
  o.queue_capacity = 4;
  PipelineRunner runner = Make(&source, o);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_EQ(sink_->lines.size(), 90u);
  const auto acks = source.acks();
  ASSERT_EQ(acks.size(), 3u);
  for (const auto& [partition, positions] : acks) {
    EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end())) << partition;
    EXPECT_EQ(positions.back(), 30) << "partition " << partition;  // one past offset 29
  }
  EXPECT_GE(source.commits(), 1);
}

TEST_F(RunnerTest, FailingSinkIsRetriedAndNothingIsAcknowledgedMeanwhile) {
  FakeSource source(/*positioned=*/true);
  for (int i = 0; i < 10; ++i) source.Add(0, Lifecycle("n" + std::to_string(i)));
  sink_->failing = true;
  struct Recovery : RunObserver {
    std::shared_ptr<FakeSink::State> sink;
    FakeSource* source = nullptr;
    int failures_seen = 0;
    bool acked_while_failing = false;
    bool recovered = false;
    void OnSinkFailure(const std::string&, const Status&, int attempt) override {
      failures_seen = attempt;
      if (!source->acks().empty()) acked_while_failing = true;
      if (attempt == 5) {
        std::lock_guard<std::mutex> lock(sink->mu);
        sink->failing = false;  // the disk has room again
      }
    }
    void OnSinkRecovered(const std::string&) override { recovered = true; }
  } observer;
  observer.sink = sink_;
  observer.source = &source;
  RunnerOptions o;
  o.on_sink_failure = SinkFailureMode::kRetry;
  PipelineRunner runner = Make(&source, o, &observer);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_EQ(observer.failures_seen, 5);
  EXPECT_FALSE(observer.acked_while_failing);
  EXPECT_TRUE(observer.recovered);
  EXPECT_EQ(sink_->lines.size(), 10u);
  EXPECT_EQ(source.acks().at(0).back(), 10);
  EXPECT_GE(clock_.Elapsed(), 100 + 200 + 400 + 800);  // backoff doubles, on the fake clock
}

TEST_F(RunnerTest, StopModeEndsTheRunWithTheSinkError) {
  FakeSource source(/*positioned=*/false);
  for (int i = 0; i < 50; ++i) source.Add(0, Lifecycle("n" + std::to_string(i)));
  sink_->failing = true;
  RunnerOptions o;
  o.on_sink_failure = SinkFailureMode::kStop;
  o.preserve_order = true;
  PipelineRunner runner = Make(&source, o);
  const RunResult r = runner.Run();
  EXPECT_FALSE(r.drained);
  EXPECT_EQ(r.error.code(), StatusCode::kIoError);
  EXPECT_NE(r.error.message().find("disk full"), std::string::npos);
  EXPECT_NE(r.error.message().find("fake-sink"), std::string::npos);
  EXPECT_EQ(sink_->failures, 1);  // no retry in stop mode
  EXPECT_TRUE(sink_->lines.empty());
  EXPECT_EQ(r.tally.events, 0u);  // nothing counts as done that no sink accepted
}

TEST_F(RunnerTest, FullQueuesPauseTheSourceAndMemoryStaysBounded) {
  FakeSource source(/*positioned=*/true);
  for (int i = 0; i < 200; ++i) source.Add(0, Lifecycle("n" + std::to_string(i)));
  sink_->held = true;  // the sink takes nothing until released
  RunnerOptions o;
  o.workers = 2;
  o.queue_capacity = 4;
  o.poll_timeout_ms = 1;
  struct Release : RunObserver {
    std::shared_ptr<FakeSink::State> sink;
    FakeSource* source = nullptr;
    size_t taken_when_paused = 0;
    void OnTick() override {
      // Once the source was paused, remember how much had been taken and let the sink go.
      if (source->pauses() > 0 && taken_when_paused == 0) {
        taken_when_paused = source->handed_out();
        std::lock_guard<std::mutex> lock(sink->mu);
        sink->held = false;
        sink->cv.notify_all();
      }
    }
  } observer;
  observer.sink = sink_;
  observer.source = &source;
  PipelineRunner runner = Make(&source, o, &observer);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_GE(source.pauses(), 1);
  // Taken before the pause, at most: the output queue and the sink's batch (4 each), one item
  // per worker, the input queue, one overflow.
  EXPECT_GT(observer.taken_when_paused, 0u);
  EXPECT_LE(observer.taken_when_paused, 4u + 4u + 2u + 4u + 1u);
  EXPECT_EQ(sink_->lines.size(), 200u);
  EXPECT_EQ(source.acks().at(0).back(), 200);
}

TEST_F(RunnerTest, RevocationDrainsThePartitionsWorkBeforeLettingGo) {
  FakeSource source(/*positioned=*/true);
  for (int i = 0; i < 40; ++i) source.Add(i % 2, Lifecycle("n" + std::to_string(i)));
  source.set_endless(true);
  struct Revocations : RunObserver {
    std::vector<int32_t> revoked;
    bool drained = false;
    void OnRevoked(const std::vector<int32_t>& p, bool d, size_t) override {
      revoked = p;
      drained = d;
    }
  } observer;
  PipelineRunner* runner_ptr = nullptr;
  size_t acked_at_revocation = 0;
  source.Before(20, [&](source::SourceListener* l) {
    l->OnRevoked({0, 1});  // the runner drains partitions 0 and 1, then returns
    for (const auto& [p, v] : source.acks()) acked_at_revocation += static_cast<size_t>(v.back());
    source.Halt();
    runner_ptr->RequestStop();
  });
  RunnerOptions o;
  o.workers = 2;
  PipelineRunner runner = Make(&source, o, &observer);
  runner_ptr = &runner;
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_EQ(observer.revoked, (std::vector<int32_t>{0, 1}));
  EXPECT_TRUE(observer.drained);
  EXPECT_EQ(acked_at_revocation, 20u);  // everything taken before the revocation was accepted
  EXPECT_EQ(sink_->lines.size(), 20u);  // nothing after the stop was taken
}

TEST_F(RunnerTest, StopAfterEventsDrainsAndCommits) {
  FakeSource source(/*positioned=*/true);
  for (int i = 0; i < 30; ++i) source.Add(0, Lifecycle("n" + std::to_string(i)));
  source.set_endless(true);
  RunnerOptions o;
  o.stop_after_events = 30;
  o.poll_timeout_ms = 1;
  PipelineRunner runner = Make(&source, o);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_EQ(r.tally.events, 30u);
  EXPECT_EQ(source.acks().at(0).back(), 30);
  EXPECT_GE(source.commits(), 1);
}

TEST_F(RunnerTest, AnExceptionWhileProcessingBecomesAnInternalErrorDeadLetter) {
  FakeSource source(/*positioned=*/false);
  source.Add(0, Lifecycle("ok-1"));
  source.Add(0, Lifecycle("boom"));
  source.Add(0, Lifecycle("ok-2"));
  int calls = 0;
  RunnerOptions o;
  o.preserve_order = true;
  PipelineRunner runner(
      o, &source, &decoder_,
      [&]() -> std::shared_ptr<const PolicySet> {
        if (++calls == 2) throw std::runtime_error("policy store unavailable");
        return set_;
      },
      Routes(), nullptr, clock_);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  ASSERT_EQ(sink_->lines.size(), 3u);
  const auto dead = nlohmann::json::parse(sink_->lines[1]);
  EXPECT_EQ(dead["reason"], "internal_error");
  EXPECT_EQ(dead["schema"], "bulwark.deadletter/v1");
  EXPECT_EQ(r.tally.dead_letters.at("internal_error"), 1u);
}

TEST_F(RunnerTest, ASwappedPolicySetIsReleasedOnceNoEventUsesIt) {
  FakeSource source(/*positioned=*/false);
  for (int i = 0; i < 20; ++i) source.Add(0, Lifecycle("n" + std::to_string(i)));
  std::weak_ptr<const PolicySet> first = set_;
  std::mutex mu;
  std::shared_ptr<const PolicySet> current = set_;
  set_.reset();  // the supplier below is the only owner now
  source.Before(10, [&](source::SourceListener*) {
    std::lock_guard<std::mutex> lock(mu);
    current = testing::LoadYaml({kPolicy});  // a reload
  });
  RunnerOptions o;
  o.workers = 2;
  PipelineRunner runner(
      o, &source, &decoder_,
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return current;
      },
      Routes(), nullptr, clock_);
  const RunResult r = runner.Run();
  EXPECT_TRUE(r.drained);
  EXPECT_TRUE(first.expired());  // the startup set was freed after the swap
}

}  // namespace
}  // namespace bulwark::pipeline

namespace bulwark::pipeline {
namespace {

TEST_F(RunnerTest, SourceNoticesReachTheObserver) {
  FakeSource source(/*positioned=*/true);
  source.Add(0, Lifecycle("n0"));
  source.Before(1, [](source::SourceListener* l) {
    l->OnCaughtUp(0, 1);
    l->OnSourceError("broker down");
  });
  struct Notices : RunObserver {
    std::vector<std::string> seen;
    void OnCaughtUp(int32_t p, int64_t next) override {
      seen.push_back("caught-up " + std::to_string(p) + "@" + std::to_string(next));
    }
    void OnSourceError(const std::string& m) override { seen.push_back("error " + m); }
  } observer;
  PipelineRunner runner = Make(&source, RunnerOptions{}, &observer);
  EXPECT_TRUE(runner.Run().drained);
  EXPECT_EQ(observer.seen, (std::vector<std::string>{"caught-up 0@1", "error broker down"}));
}

}  // namespace
}  // namespace bulwark::pipeline
