#include "service/service.h"

#include <signal.h>

#include <chrono>
#include <deque>
#include <thread>

#include "service/bounded_queue.h"
#include "service/http_server.h"
#include "service/log.h"

namespace bulwark::service {
namespace {

using Clock = std::chrono::steady_clock;

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void BlockShutdownSignals() {
  const sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

struct Service::WorkItem {
  graph::Envelope envelope;
  int64_t timestamp_ms = 0;
  Clock::time_point received;
};

struct Service::DoneItem {
  int32_t partition = -1;
  int64_t offset = -1;
  int64_t timestamp_ms = 0;
  Clock::time_point received;
  pipeline::ProcessedEnvelope result;
};

class Service::Impl {
 public:
  Impl(Service* owner, ServiceOptions options, const graph::NotificationDecoder* decoder,
       std::shared_ptr<const PolicySet> policies, std::vector<sinks::SinkRoute> sinks)
      : owner_(owner),
        options_(std::move(options)),
        processor_(decoder, policies),
        policies_(std::move(policies)),
        sinks_(std::move(sinks)),
        input_(options_.queue_capacity),
        output_(options_.queue_capacity) {}

  int Run();
  pipeline::Tally tally() const {
    std::lock_guard<std::mutex> lock(tally_mu_);
    return tally_;
  }

 private:
  // One warning log line per plugin detector whose failure count grew since the last look
  // (names the detector and the plugin; never the plugin's error text or the content).
  void LogPluginFailures(const PolicySet& set) {
    const auto stats = set.PluginStats();
    if (stats.empty()) return;
    std::lock_guard<std::mutex> lock(plugin_mu_);
    for (const auto& s : stats) {
      uint64_t& seen = plugin_errors_seen_[s.detector];
      if (s.errors <= seen) {
        seen = s.errors;  // a reload starts the counts again
        continue;
      }
      Log(LogLevel::kWarn, "plugin detector failed; no findings from it for those fields",
          {{"detector", s.detector},
           {"plugin", s.plugin},
           {"new_failures", s.errors - seen},
           {"failures_total", s.errors},
           {"quarantined", s.quarantined}});
      seen = s.errors;
    }
  }

  std::shared_ptr<const PolicySet> Policies() {
    std::lock_guard<std::mutex> lock(policy_mu_);
    return policies_;
  }
  void Reload();
  void WorkerLoop();
  void SinkLoop();
  bool WriteWithRetry(sinks::SinkRoute& route, const std::vector<const std::string*>& lines);
  void SignalLoop();
  void OnRevoked(const std::vector<int32_t>& partitions);
  HttpResponse Serve(const std::string& path);

  Service* owner_;
  ServiceOptions options_;
  pipeline::EnvelopeProcessor processor_;
  std::mutex policy_mu_;
  std::mutex plugin_mu_;
  std::map<std::string, uint64_t> plugin_errors_seen_;
  std::shared_ptr<const PolicySet> policies_;
  std::vector<sinks::SinkRoute> sinks_;
  BoundedQueue<WorkItem> input_;
  BoundedQueue<DoneItem> output_;
  eventhubs::OffsetWatermark watermark_;
  std::unique_ptr<eventhubs::KafkaConsumer> consumer_;
  std::deque<WorkItem> overflow_;  // consumer thread only
  std::atomic<bool> stop_{false};
  std::atomic<bool> reload_{false};
  std::atomic<bool> signals_done_{false};
  std::atomic<bool> hard_stop_{false};
  std::atomic<uint64_t> accepted_{0};
  std::atomic<int64_t> heartbeat_ms_{0};
  mutable std::mutex tally_mu_;
  pipeline::Tally tally_;
};

Service::Service(ServiceOptions options, const graph::NotificationDecoder* decoder,
                 std::shared_ptr<const PolicySet> policies, std::vector<sinks::SinkRoute> sinks)
    : impl_(std::make_unique<Impl>(this, std::move(options), decoder, std::move(policies),
                                   std::move(sinks))) {}
Service::~Service() = default;
int Service::Run() { return impl_->Run(); }
pipeline::Tally Service::tally() const { return impl_->tally(); }

void Service::Impl::Reload() {
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(options_.policy_load, &diags);
  if (!set.ok()) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const auto& d : diags) errors.push_back(d.ToString());
    Log(LogLevel::kError, "policy reload failed; keeping the running policy set",
        {{"errors", errors}, {"policy_set", Policies()->id()}});
    owner_->metrics_.PolicyReload(false);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(policy_mu_);
    policies_ = *set;
  }
  owner_->metrics_.SetPolicySet((*set)->id(), *set);
  owner_->metrics_.PolicyReload(true);
  Log(LogLevel::kInfo, "policies reloaded", {{"policy_set", (*set)->id()}});
}

void Service::Impl::WorkerLoop() {
  while (std::optional<WorkItem> item = input_.Pop()) {
    DoneItem done;
    done.partition = item->envelope.partition;
    done.offset = item->envelope.offset;
    done.timestamp_ms = item->timestamp_ms;
    done.received = item->received;
    try {
      const auto policies = Policies();
      done.result = processor_.Process(item->envelope, *policies);
      LogPluginFailures(*policies);
    } catch (const std::exception& e) {
      // Never lose an event: an unexpected failure is a dead letter like any other.
      nlohmann::ordered_json j;
      j["schema"] = pipeline::kDeadLetterSchema;
      j["reason"] = "internal_error";
      j["detail"] = "unexpected error while processing the event";
      j["source"] = graph::SourceJson(item->envelope);
      done.result.records.push_back({sinks::RecordKind::kDeadLetter, j.dump()});
      done.result.tally.events = 1;
      done.result.tally.dead_letters["internal_error"] = 1;
      Log(LogLevel::kError, "internal error processing an event",
          {{"partition", done.partition}, {"offset", done.offset}});
    }
    if (!output_.Push(std::move(done))) break;
  }
}

bool Service::Impl::WriteWithRetry(sinks::SinkRoute& route,
                                   const std::vector<const std::string*>& lines) {
  int backoff_ms = 100;
  for (int attempt = 0;; ++attempt) {
    const Status s = route.sink->Write(lines);
    if (s.ok()) {
      if (attempt > 0) Log(LogLevel::kInfo, "sink recovered", {{"sink", route.sink->name()}});
      return true;
    }
    owner_->metrics_.SinkFailure(route.sink->name());
    if (attempt == 0 || attempt % 20 == 0) {
      Log(LogLevel::kWarn, "sink write failed; retrying, offsets are not committed meanwhile",
          {{"sink", route.sink->name()}, {"error", s.message()}, {"attempt", attempt + 1}});
    }
    for (int waited = 0; waited < backoff_ms; waited += 50) {
      if (hard_stop_.load()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    backoff_ms = std::min(backoff_ms * 2, 5000);
  }
}

void Service::Impl::SinkLoop() {
  while (true) {
    std::vector<DoneItem> batch = output_.PopBatch(256, std::chrono::milliseconds(100));
    if (batch.empty()) {
      if (hard_stop_.load() || output_.closed_and_empty()) return;
      continue;
    }
    for (sinks::SinkRoute& route : sinks_) {
      std::vector<const std::string*> lines;
      for (const DoneItem& d : batch) {
        for (const auto& r : d.result.records) {
          if (route.kinds.count(r.kind)) lines.push_back(&r.json);
        }
      }
      if (!lines.empty() && !WriteWithRetry(route, lines)) return;  // hard stop: no ack
    }
    const auto now = Clock::now();
    const int64_t now_ms = NowMs();
    pipeline::Tally t;
    for (const DoneItem& d : batch) {
      t.Add(d.result.tally);
      owner_->metrics_.processing().Observe(Seconds(now - d.received));
      if (d.timestamp_ms > 0) {
        owner_->metrics_.end_to_end().Observe(static_cast<double>(now_ms - d.timestamp_ms) /
                                              1000.0);
      }
      if (d.partition >= 0) {
        if (auto pos = watermark_.Ack(d.partition, d.offset); pos && consumer_) {
          consumer_->StoreOffset(d.partition, *pos);
        }
      }
    }
    owner_->metrics_.AddTally(t);
    {
      std::lock_guard<std::mutex> lock(tally_mu_);
      tally_.Add(t);
    }
    accepted_ += batch.size();
  }
}

void Service::Impl::SignalLoop() {
  const sigset_t set = ShutdownSignals();
  const timespec tick{0, 200 * 1000 * 1000};
  while (!signals_done_.load()) {
    const int sig = sigtimedwait(&set, nullptr, &tick);
    if (sig == SIGHUP) {
      reload_ = true;
    } else if (sig == SIGTERM || sig == SIGINT) {
      if (stop_.exchange(true)) {
        Log(LogLevel::kWarn, "second shutdown signal: stopping without waiting for the sinks");
        hard_stop_ = true;
      } else {
        Log(LogLevel::kInfo, "shutdown requested; draining",
            {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      }
    }
  }
}

void Service::Impl::OnRevoked(const std::vector<int32_t>& partitions) {
  // Work of the revoked partitions that was fetched but never started is dropped: its offsets
  // were not stored, so the next owner consumes it again.
  std::deque<WorkItem> keep;
  for (WorkItem& w : overflow_) {
    if (std::find(partitions.begin(), partitions.end(), w.envelope.partition) != partitions.end()) {
      watermark_.Cancel(w.envelope.partition, w.envelope.offset);
    } else {
      keep.push_back(std::move(w));
    }
  }
  overflow_.swap(keep);
  const bool drained = watermark_.WaitDrained(partitions, options_.shutdown_timeout_ms);
  nlohmann::ordered_json parts = partitions;
  Log(drained ? LogLevel::kInfo : LogLevel::kWarn,
      drained ? "partitions revoked after draining" : "partitions revoked before draining finished",
      {{"partitions", parts}, {"in_flight", watermark_.InFlight()}});
  for (int32_t p : partitions) watermark_.Forget(p);
}

HttpResponse Service::Impl::Serve(const std::string& path) {
  HttpResponse r;
  if (path == "/metrics") {
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = owner_->metrics_.Render();
  } else if (path == "/healthz") {
    const bool alive = NowMs() - heartbeat_ms_.load() < 30000;
    r.status = alive ? 200 : 503;
    r.body = alive ? "ok\n" : "main loop stalled\n";
  } else if (path == "/readyz") {
    const bool ready = owner_->metrics_.ready() && !stop_.load();
    r.status = ready ? 200 : 503;
    r.body = ready ? "ready\n" : "not ready\n";
  } else {
    r.status = 404;
    r.body = "not found\n";
  }
  return r;
}

int Service::Impl::Run() {
  owner_->metrics_.SetPolicySet(Policies()->id(), Policies());
  heartbeat_ms_ = NowMs();
  std::thread signals(&Impl::SignalLoop, this);
  struct SignalJoin {
    Impl* self;
    std::thread* t;
    ~SignalJoin() {
      self->signals_done_ = true;
      t->join();
    }
  } signal_join{this, &signals};

  std::unique_ptr<HttpServer> http;
  if (!options_.metrics_listen.empty()) {
    auto h = HttpServer::Start(options_.metrics_listen,
                               [this](const std::string& p) { return Serve(p); });
    if (!h.ok()) {
      Log(LogLevel::kError, "cannot start the metrics endpoint", {{"error", h.status().message()}});
      return 2;
    }
    http = std::move(h).value();
    owner_->metrics_port_ = http->port();
  }

  eventhubs::RebalanceCallbacks callbacks;
  callbacks.on_assigned = [this](const std::vector<int32_t>& parts) {
    for (int32_t p : parts) watermark_.Forget(p);
    owner_->metrics_.SetReady(true);
    nlohmann::ordered_json j = parts;
    Log(LogLevel::kInfo, "partitions assigned", {{"partitions", j}});
  };
  callbacks.on_revoked = [this](const std::vector<int32_t>& parts) { OnRevoked(parts); };
  callbacks.on_error = [](const std::string& e) {
    Log(LogLevel::kWarn, "kafka client error", {{"error", e}});
  };
  auto consumer = eventhubs::KafkaConsumer::Create(options_.consumer, callbacks);
  if (!consumer.ok()) {
    Log(LogLevel::kError, "cannot create the consumer", {{"error", consumer.status().message()}});
    return 2;
  }
  consumer_ = std::move(consumer).value();

  unsigned n_workers =
      options_.workers > 0 ? options_.workers : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < n_workers; ++i) workers.emplace_back(&Impl::WorkerLoop, this);
  std::thread sink_thread(&Impl::SinkLoop, this);
  Log(LogLevel::kInfo, "service started",
      {{"topic", options_.consumer.topic},
       {"group", options_.consumer.group},
       {"workers", n_workers},
       {"metrics_port", owner_->metrics_port()},
       {"policy_set", Policies()->id()}});

  auto last_lag = Clock::now();
  while (!stop_.load()) {
    heartbeat_ms_ = NowMs();
    if (reload_.exchange(false)) Reload();
    while (!overflow_.empty() && input_.TryPush(std::move(overflow_.front())))
      overflow_.pop_front();
    if (!overflow_.empty()) {
      consumer_->Pause();
    } else if (consumer_->paused()) {
      consumer_->Resume();
    }
    WorkItem w;
    if (consumer_->Poll(100, &w.envelope, &w.timestamp_ms)) {
      w.received = Clock::now();
      watermark_.Dispatch(w.envelope.partition, w.envelope.offset);
      if (!overflow_.empty() || !input_.TryPush(std::move(w))) overflow_.push_back(std::move(w));
    }
    if (Clock::now() - last_lag > std::chrono::seconds(1)) {
      owner_->metrics_.SetLag(consumer_->Lag());
      last_lag = Clock::now();
    }
    if (options_.stop_after_events > 0 && accepted_.load() >= options_.stop_after_events) break;
  }

  // Drain: nothing new is taken; what is in flight finishes, then offsets are committed.
  stop_ = true;
  for (WorkItem& w : overflow_) watermark_.Cancel(w.envelope.partition, w.envelope.offset);
  overflow_.clear();
  const bool drained = watermark_.WaitDrained({}, options_.shutdown_timeout_ms);
  if (!drained) hard_stop_ = true;
  if (Status s = consumer_->CommitSync(); !s.ok()) {
    Log(LogLevel::kWarn, "final commit failed", {{"error", s.message()}});
  }
  input_.Close();
  for (auto& t : workers) t.join();
  output_.Close();  // the sink loop exits once the output queue is empty
  sink_thread.join();
  consumer_->Close();
  owner_->metrics_.SetReady(false);
  const pipeline::Tally t = tally();
  Log(drained ? LogLevel::kInfo : LogLevel::kWarn,
      drained ? "service stopped" : "service stopped before draining",
      {{"events", t.events},
       {"notifications", t.notifications},
       {"verdicts", t.total_verdicts()},
       {"dead_letters", t.total_dead_letters()},
       {"in_flight", watermark_.InFlight()}});
  return drained ? 0 : 1;
}

}  // namespace bulwark::service
