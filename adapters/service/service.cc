#include "service/service.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>
#include <thread>

#include "pipeline/runner.h"
#include "service/http_server.h"
#include "service/key_retirer.h"
#include "service/log.h"
#include "service/subscription_keeper.h"

namespace bulwark::service {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  const sigset_t set = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// The service's part of a run: metrics, logs, heartbeat and reloads, as the runner reports.
class Service::Impl : public pipeline::RunObserver {
 public:
  Impl(Service* owner, ServiceOptions options, std::unique_ptr<source::EventSource> source,
       const graph::NotificationDecoder* decoder, std::shared_ptr<const PolicySet> policies,
       std::vector<sinks::SinkRoute> sinks, const source::Clock& clock)
      : owner_(owner),
        options_(std::move(options)),
        source_(std::move(source)),
        clock_(clock),
        policies_(std::move(policies)),
        runner_(
            MakeRunnerOptions(options_), source_.get(), decoder, [this] { return Policies(); },
            std::move(sinks), this, clock) {}

  int Run();
  bool Reload();  // synchronous: compiles and swaps on the calling thread
  void set_keeper(SubscriptionKeeper* keeper) { keeper_ = keeper; }
  void set_retirer(KeyRetirer* retirer) { retirer_ = retirer; }
  pipeline::Tally tally() const { return runner_.tally(); }
  std::shared_ptr<const PolicySet> Policies() const {
    std::lock_guard<std::mutex> lock(policy_mu_);
    return policies_;
  }

  // RunObserver.
  void OnTick() override {
    heartbeat_ms_ = clock_.WallMillis();
    ReportAssignmentWait();
    // A SIGHUP compiles the policies on a thread of its own; this thread only swaps the result in
    // once it is ready, so fetching and processing never wait for a compile. A SIGHUP during a
    // compile stays pending and starts another one afterwards (the files may have changed again).
    if (pending_.valid() &&
        pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
      FinishReload();
    }
    if (!pending_.valid() && reload_.exchange(false)) StartReload();
    if (retirer_ != nullptr) {
      retirer_->MaybeCheck();
      owner_->metrics_.SetKeyLastUsed(retirer_->LastUsedSeconds());
    }
  }
  void OnLag(const std::map<int32_t, int64_t>& lag) override { owner_->metrics_.SetLag(lag); }
  void OnAssigned(const std::vector<int32_t>& partitions) override {
    owner_->metrics_.SetReady(true);
    if (keeper_ != nullptr &&
        std::find(partitions.begin(), partitions.end(), 0) != partitions.end()) {
      keeper_->SetLeader(true);
    }
    nlohmann::ordered_json j = partitions;
    Log(LogLevel::kInfo, "partitions assigned", {{"partitions", j}});
  }
  void OnRevoked(const std::vector<int32_t>& partitions, bool drained, size_t in_flight) override {
    if (keeper_ != nullptr &&
        std::find(partitions.begin(), partitions.end(), 0) != partitions.end()) {
      keeper_->SetLeader(false);
    }
    nlohmann::ordered_json parts = partitions;
    Log(drained ? LogLevel::kInfo : LogLevel::kWarn,
        drained ? "partitions revoked after draining"
                : "partitions revoked before draining finished",
        {{"partitions", parts}, {"in_flight", in_flight}});
  }
  void OnCaughtUp(int32_t partition, int64_t next_offset) override {
    Log(LogLevel::kInfo, "partition caught up",
        {{"partition", partition}, {"offset", next_offset}});
  }
  void OnSourceError(const std::string& message) override {
    Log(LogLevel::kWarn, "kafka client error", {{"error", message}});
  }
  void OnEvaluated(const PolicySet& set) override { LogPluginFailures(set); }
  void OnInternalError(const source::Envelope& e) override {
    Log(LogLevel::kError, "internal error processing an event",
        {{"partition", e.partition}, {"offset", e.offset}});
  }
  // At debug level, one line per event: where it was and what each of its records says (kind,
  // notification id, decision or dead-letter reason): the records' own fields, never content.
  void OnEventAccepted(int32_t partition, int64_t offset,
                       const pipeline::ProcessedEnvelope& result) override {
    if (!LogEnabled(LogLevel::kDebug)) return;
    nlohmann::ordered_json records = nlohmann::ordered_json::array();
    for (const pipeline::OutputRecord& r : result.records) {
      const nlohmann::json j = nlohmann::json::parse(r.json, nullptr, false);
      nlohmann::ordered_json o;
      o["schema"] = j.value("schema", "");
      if (j.contains("notification") && j["notification"].is_object()) {
        o["notification_id"] = j["notification"].value("id", "");
      }
      if (j.contains("decision")) o["decision"] = j["decision"];
      if (j.contains("reason")) o["reason"] = j["reason"];
      records.push_back(std::move(o));
    }
    Log(LogLevel::kDebug, "event accepted",
        {{"partition", partition}, {"offset", offset}, {"records", std::move(records)}});
  }
  void OnAccepted(const pipeline::Tally& batch, const std::vector<double>& processing,
                  const std::vector<double>& end_to_end) override {
    for (double s : processing) owner_->metrics_.processing().Observe(s);
    for (double s : end_to_end) owner_->metrics_.end_to_end().Observe(s);
    owner_->metrics_.AddTally(batch);
  }
  void OnSinkFailure(const std::string& sink, const Status& error, int attempt) override {
    owner_->metrics_.SinkFailure(sink);
    if (attempt == 1 || attempt % 20 == 0) {
      Log(LogLevel::kWarn, "sink write failed; retrying, offsets are not committed meanwhile",
          {{"sink", sink}, {"error", error.message()}, {"attempt", attempt}});
    }
  }
  void OnSinkRecovered(const std::string& sink) override {
    Log(LogLevel::kInfo, "sink recovered", {{"sink", sink}});
  }

 private:
  static pipeline::RunnerOptions MakeRunnerOptions(const ServiceOptions& o) {
    pipeline::RunnerOptions r;
    r.workers = o.workers > 0 ? o.workers : std::max(1u, std::thread::hardware_concurrency());
    r.queue_capacity = o.queue_capacity;
    r.drain_timeout_ms = o.shutdown_timeout_ms;
    r.stop_after_events = o.stop_after_events;
    r.on_sink_failure = pipeline::SinkFailureMode::kRetry;
    r.feedback = o.feedback;
    return r;
  }

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

  void SignalLoop();
  HttpResponse Serve(const std::string& path);

  Service* owner_;
  const ServiceOptions options_;
  std::unique_ptr<source::EventSource> source_;
  const source::Clock& clock_;
  mutable std::mutex policy_mu_;
  std::shared_ptr<const PolicySet> policies_;
  std::mutex plugin_mu_;
  std::map<std::string, uint64_t> plugin_errors_seen_;
  pipeline::PipelineRunner runner_;
  std::atomic<bool> reload_{false};
  struct Compiled {
    Result<std::shared_ptr<const PolicySet>> set;
    std::vector<Diagnostic> diags;
    double compile_seconds = 0;
  };
  std::future<Compiled> pending_;  // a reload being compiled (polling thread only)
  void StartReload();
  void FinishReload();
  bool Install(Compiled c);
  Compiled Compile() const;
  std::atomic<bool> signals_done_{false};
  std::atomic<int64_t> heartbeat_ms_{0};
  int64_t started_ms_ = 0;             // when Run() began
  int64_t next_wait_report_ms_ = 0;    // when ReportAssignmentWait() speaks next
  std::atomic<int64_t> waited_ms_{0};  // without partitions since started_ms_ (0: has some)

  // Until the group coordinator assigns partitions the service is not ready (/readyz 503). The
  // wait is the coordinator's: the initial rebalance delay (3 s on Kafka), or, when members of
  // the previous generation did not leave (kill -9), their session timeout. Say so, after 2 s
  // and then every 10 s, rather than stay silent.
  void ReportAssignmentWait() {
    if (owner_->metrics_.ready()) {
      waited_ms_ = 0;
      return;
    }
    const int64_t now = clock_.WallMillis();
    waited_ms_ = std::max<int64_t>(1, now - started_ms_);
    if (now < next_wait_report_ms_) return;
    const bool first = next_wait_report_ms_ == started_ms_ + kFirstWaitReportMs;
    next_wait_report_ms_ = now + kWaitReportEveryMs;
    Log(waited_ms_ >= 30000 ? LogLevel::kWarn : LogLevel::kInfo,
        "waiting for a partition assignment",
        {{"waited_s", waited_ms_ / 1000},
         {"source", source_->name()},
         {"why", first ? "the group coordinator is forming the group: its initial rebalance "
                         "delay, or after a crash the session timeout of the members that did "
                         "not leave"
                       : "still rebalancing"}});
  }
  static constexpr int64_t kFirstWaitReportMs = 2000;
  static constexpr int64_t kWaitReportEveryMs = 10000;

  SubscriptionKeeper* keeper_ = nullptr;  // set before Run(); not owned
  KeyRetirer* retirer_ = nullptr;         // set before Run(); not owned
};

Service::Service(ServiceOptions options, std::unique_ptr<source::EventSource> source,
                 const graph::NotificationDecoder* decoder,
                 std::shared_ptr<const PolicySet> policies, std::vector<sinks::SinkRoute> sinks,
                 const source::Clock& clock)
    : impl_(std::make_unique<Impl>(this, std::move(options), std::move(source), decoder,
                                   std::move(policies), std::move(sinks), clock)) {}
Service::~Service() = default;
int Service::Run() { return impl_->Run(); }
pipeline::Tally Service::tally() const { return impl_->tally(); }
std::shared_ptr<const PolicySet> Service::policies() const { return impl_->Policies(); }
bool Service::Reload() { return impl_->Reload(); }
void Service::SetSubscriptionKeeper(SubscriptionKeeper* keeper) { impl_->set_keeper(keeper); }
void Service::SetKeyRetirer(KeyRetirer* retirer) { impl_->set_retirer(retirer); }

Service::Impl::Compiled Service::Impl::Compile() const {
  const auto start = std::chrono::steady_clock::now();
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(options_.policy_load, &diags);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return Compiled{std::move(set), std::move(diags), took.count()};
}

bool Service::Impl::Reload() { return Install(Compile()); }

void Service::Impl::StartReload() {
  pending_ = std::async(std::launch::async, [this] { return Compile(); });
}

void Service::Impl::FinishReload() { Install(pending_.get()); }

bool Service::Impl::Install(Compiled c) {
  if (!c.set.ok()) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const auto& d : c.diags) errors.push_back(d.ToString());
    Log(LogLevel::kError, "policy reload failed; keeping the running policy set",
        {{"errors", errors}, {"policy_set", Policies()->id()}});
    owner_->metrics_.PolicyReload(false);
    return false;
  }
  // What this thread spends here is the whole pause of fetching a reload causes: the swap under
  // the lock (the only moment a worker could wait) and releasing the old set.
  const auto swap_start = std::chrono::steady_clock::now();
  std::shared_ptr<const PolicySet> old;
  {
    std::lock_guard<std::mutex> lock(policy_mu_);
    old = std::move(policies_);
    policies_ = *c.set;  // workers pick it up with their next event; in-flight ones finish
  }
  old.reset();  // freed here unless a worker still evaluates with it
  owner_->metrics_.SetPolicySet((*c.set)->id(), *c.set);
  owner_->metrics_.PolicyReload(true);
  const std::chrono::duration<double, std::micro> swap =
      std::chrono::steady_clock::now() - swap_start;
  Log(LogLevel::kInfo, "policies reloaded",
      {{"policy_set", (*c.set)->id()},
       {"compile_ms", static_cast<int64_t>(c.compile_seconds * 1000)},
       {"pause_us", static_cast<int64_t>(swap.count())},
       {"database_from_cache", (*c.set)->stats().database_from_cache}});
  return true;
}

void Service::Impl::SignalLoop() {
  const sigset_t set = ShutdownSignals();
  const timespec tick{0, 200 * 1000 * 1000};
  while (!signals_done_.load()) {
    const int sig = sigtimedwait(&set, nullptr, &tick);
    if (sig == SIGHUP) {
      reload_ = true;
    } else if (sig == SIGTERM || sig == SIGINT) {
      if (runner_.stopping()) {
        Log(LogLevel::kWarn, "second shutdown signal: stopping without waiting for the sinks");
        runner_.RequestHardStop();
      } else {
        Log(LogLevel::kInfo, "shutdown requested; draining",
            {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
        runner_.RequestStop();
      }
    }
  }
}

HttpResponse Service::Impl::Serve(const std::string& path) {
  HttpResponse r;
  if (path == "/metrics") {
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = owner_->metrics_.Render();
  } else if (path == "/healthz") {
    const bool alive = clock_.WallMillis() - heartbeat_ms_.load() < 30000;
    r.status = alive ? 200 : 503;
    r.body = alive ? "ok\n" : "main loop stalled\n";
  } else if (path == "/readyz") {
    const bool ready = owner_->metrics_.ready() && !runner_.stopping();
    r.status = ready ? 200 : 503;
    const int64_t waited = waited_ms_.load();
    r.body = ready                ? "ready\n"
             : runner_.stopping() ? "not ready: stopping\n"
             : waited > 0         ? "not ready: waiting for a partition assignment for " +
                                std::to_string(waited / 1000) + " s\n"
                          : "not ready\n";
  } else {
    r.status = 404;
    r.body = "not found\n";
  }
  return r;
}

int Service::Impl::Run() {
  owner_->metrics_.SetPolicySet(Policies()->id(), Policies());
  heartbeat_ms_ = clock_.WallMillis();
  started_ms_ = heartbeat_ms_;
  next_wait_report_ms_ = started_ms_ + kFirstWaitReportMs;
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

  Log(LogLevel::kInfo, "service started",
      {{"source", source_->name()},
       {"workers", options_.workers > 0 ? options_.workers
                                        : std::max(1u, std::thread::hardware_concurrency())},
       {"metrics_port", owner_->metrics_port()},
       {"policy_set", Policies()->id()}});
  const pipeline::RunResult result = runner_.Run();
  owner_->metrics_.SetReady(false);
  if (!result.error.ok()) {
    Log(LogLevel::kWarn, "final commit failed", {{"error", result.error.message()}});
  }
  const pipeline::Tally& t = result.tally;
  Log(result.drained ? LogLevel::kInfo : LogLevel::kWarn,
      result.drained ? "service stopped" : "service stopped before draining",
      {{"events", t.events},
       {"notifications", t.notifications},
       {"verdicts", t.total_verdicts()},
       {"dead_letters", t.total_dead_letters()},
       {"in_flight", runner_.in_flight()}});
  return result.drained ? 0 : 1;
}

}  // namespace bulwark::service
