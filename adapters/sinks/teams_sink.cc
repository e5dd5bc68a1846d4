#include "sinks/teams_sink.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include "bulwark/parse_number.h"

namespace bulwark::sinks {
namespace {

using m365::Enforcement;
using nlohmann::ordered_json;

constexpr char kEnforcementSchema[] = "bulwark.enforcement/v1";

bool Retryable(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// One PATCH's outcome: done (a record for the log, maybe none) or failed (retry the batch).
struct Outcome {
  bool done = false;
  std::string error;        // when !done
  std::string record;       // one enforcement log line; empty: nothing to log
  std::string dead_letter;  // a dead-letter line when Graph refused it or it was invalid
};

// What to do about a refusal: the permission, the licence, or Graph's message (in the record).
const char* Hint(long status) {
  switch (status) {
    case 401:
    case 403:
      return "the app needs Chat.UpdatePolicyViolation.All and "
             "ChannelMessage.UpdatePolicyViolation.All (application permissions, admin consent)";
    case 402:
      return "licensing: policyViolation updates need model=A and the matching licences";
    case 404:
      return "the message no longer exists (deleted before it was blocked)";
    default:
      return "";
  }
}

class TeamsSink : public Sink {
 public:
  TeamsSink(TeamsSinkOptions options, const m365::GraphClient* graph, const source::Clock& clock,
            std::unique_ptr<Sink> log, std::unique_ptr<Sink> dead_letters)
      : options_(std::move(options)),
        graph_(graph),
        clock_(clock),
        log_(std::move(log)),
        dead_letters_(std::move(dead_letters)) {}

  std::string name() const override { return "teams-policy-violation"; }

  Status Write(const std::vector<const std::string*>& lines) override {
    std::vector<Enforcement> plans;
    for (const std::string* line : lines) {
      const nlohmann::json record = nlohmann::json::parse(*line, nullptr, false);
      Enforcement e = m365::PlanEnforcement(record, options_.tip);
      if (e.kind != Enforcement::Kind::kNothingToDo) plans.push_back(std::move(e));
    }
    std::vector<Outcome> outcomes(plans.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < plans.size(); i = next++) outcomes[i] = Enforce(plans[i]);
    };
    const size_t n =
        std::min<size_t>(static_cast<size_t>(std::max(1, options_.concurrency)), plans.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < n; ++t) pool.emplace_back(work);
    if (n > 0) work();
    for (auto& t : pool) t.join();

    std::vector<const std::string*> records;
    std::vector<const std::string*> dead;
    records.reserve(outcomes.size());
    for (const Outcome& o : outcomes) {
      if (!o.done) return Status::IoError(o.error);  // the whole batch is retried later
      if (!o.record.empty()) records.push_back(&o.record);
      if (!o.dead_letter.empty()) dead.push_back(&o.dead_letter);
    }
    if (dead_letters_ && !dead.empty()) {
      if (Status s = dead_letters_->Write(dead); !s.ok()) return s;
    }
    if (records.empty()) return Status::Ok();
    return log_->Write(records);
  }

 private:
  ordered_json Record(const Enforcement& e, const char* outcome) const {
    ordered_json r;
    r["schema"] = kEnforcementSchema;
    r["outcome"] = outcome;
    r["notification_id"] = e.notification_id;
    if (!e.dlp_action.empty()) r["dlp_action"] = e.dlp_action;
    if (!e.reason.empty()) r["reason"] = e.reason;
    if (!e.path.empty()) r["path"] = e.path;
    return r;
  }

  // A bulwark.deadletter/v1 line for a verdict that will not be enforced by retrying.
  std::string DeadLetter(const Enforcement& e, const char* reason,
                         const ordered_json& extra) const {
    if (!dead_letters_) return "";
    ordered_json d;
    d["schema"] = "bulwark.deadletter/v1";
    d["reason"] = reason;
    d["detail"] = extra.value("hint", e.reason);
    d["notification"] = {{"id", e.notification_id}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
      if (it.key() != "hint") d[it.key()] = it.value();
    }
    if (!e.path.empty()) d["path"] = e.path;
    return d.dump();
  }

  int Backoff(int attempt) const {
    thread_local std::mt19937 rng{std::random_device{}()};
    const int base = std::min(options_.max_backoff_ms, 500 << std::min(attempt, 16));
    return base / 2 + static_cast<int>(rng() % static_cast<unsigned>(base / 2 + 1));  // jitter
  }

  Outcome Enforce(const Enforcement& e) const {
    Outcome o;
    if (e.kind == Enforcement::Kind::kNotEnforceable) {
      o.done = true;
      o.record = Record(e, "not_enforceable").dump();
      return o;
    }
    if (e.kind == Enforcement::Kind::kInvalid) {
      o.done = true;
      o.record = Record(e, "invalid").dump();
      o.dead_letter = DeadLetter(e, "enforcement_invalid", ordered_json::object());
      return o;
    }
    const std::string body = e.body.dump();
    for (int attempt = 0; attempt < options_.max_attempts; ++attempt) {
      auto r = graph_->Call("PATCH", e.path, body);
      long status = 0;
      int wait_ms = Backoff(attempt);
      if (r.ok()) {
        status = r->status;
        if (status >= 200 && status < 300) {
          o.done = true;
          o.record = Record(e, "patched").dump();
          return o;
        }
        if (!Retryable(status)) {
          const m365::GraphError err = m365::ParseGraphError(*r);
          ordered_json rejected = Record(e, "rejected");
          rejected["status"] = status;
          rejected["graph_error"] = err.code;
          rejected["request_id"] = err.request_id;
          if (*Hint(status) != '\0') rejected["hint"] = Hint(status);
          o.done = true;
          o.record = rejected.dump();
          ordered_json extra;
          extra["status"] = status;
          extra["graph_error"] = err.code;
          extra["request_id"] = err.request_id;
          extra["hint"] = *Hint(status) != '\0' ? Hint(status) : "Graph refused the PATCH";
          o.dead_letter = DeadLetter(e, "enforcement_rejected", extra);
          return o;
        }
        if (auto retry_after = ParseInteger<int>(r->Header("retry-after"), 0, 3600)) {
          wait_ms = std::min(options_.max_backoff_ms, *retry_after * 1000);
        }
        o.error = "PATCH " + e.path + ": " + m365::ParseGraphError(*r).ToString();
      } else {
        o.error = "PATCH " + e.path + ": " + r.status().message();
      }
      if (attempt + 1 < options_.max_attempts) {
        clock_.SleepFor(std::chrono::milliseconds(wait_ms));
      }
    }
    return o;  // not done: the batch fails and is written again later
  }

  const TeamsSinkOptions options_;
  const m365::GraphClient* graph_;
  const source::Clock& clock_;
  std::unique_ptr<Sink> log_;
  std::unique_ptr<Sink> dead_letters_;  // may be null
};

}  // namespace

Result<std::unique_ptr<Sink>> MakeTeamsPolicyViolationSink(TeamsSinkOptions options,
                                                           const m365::GraphClient* graph,
                                                           const source::Clock& clock) {
  if (options.enforcement_log.empty()) {
    return Status::InvalidArgument(
        "teams-policy-violation sink: 'enforcement_log' is required (outcomes are recorded)");
  }
  auto log = OpenJsonlSink({options.enforcement_log, /*fsync=*/false});
  if (!log.ok()) return log.status();
  std::unique_ptr<Sink> dead;
  if (!options.dead_letter.empty()) {
    auto d = OpenJsonlSink({options.dead_letter, /*fsync=*/false});
    if (!d.ok()) return d.status();
    dead = std::move(d).value();
  }
  return std::unique_ptr<Sink>(
      new TeamsSink(std::move(options), graph, clock, std::move(log).value(), std::move(dead)));
}

}  // namespace bulwark::sinks
