#include "service/subscription_keeper.h"

#include <nlohmann/json.hpp>

#include "service/log.h"
#include "source/utc_time.h"

namespace bulwark::service {
namespace {

constexpr int64_t kReauthorizeQuietSeconds = 600;  // Graph: not twice within 10 minutes

class LifecycleActionSink : public sinks::Sink {
 public:
  explicit LifecycleActionSink(SubscriptionKeeper* keeper) : keeper_(keeper) {}
  std::string name() const override { return "subscription-upkeep"; }
  Status Write(const std::vector<const std::string*>& lines) override {
    for (const std::string* line : lines) keeper_->OnLifecycle(*line);
    return Status::Ok();  // upkeep is best effort here; reconcile repairs what failed
  }

 private:
  SubscriptionKeeper* keeper_;
};

}  // namespace

SubscriptionKeeper::SubscriptionKeeper(const m365::SubscriptionsApi* api,
                                       std::vector<m365::DesiredSubscription> desired,
                                       int64_t renew_margin_s, std::chrono::seconds interval,
                                       const source::Clock& clock)
    : api_(api),
      desired_(std::move(desired)),
      renew_margin_s_(renew_margin_s),
      interval_(interval),
      clock_(clock),
      thread_(&SubscriptionKeeper::Loop, this) {}

SubscriptionKeeper::~SubscriptionKeeper() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void SubscriptionKeeper::SetLeader(bool leader) {
  const bool was = leader_.exchange(leader);
  if (leader && !was) {
    Log(LogLevel::kInfo, "subscription upkeep: this instance leads (owns partition 0)");
    Kick();
  } else if (!leader && was) {
    Log(LogLevel::kInfo, "subscription upkeep: handed over (partition 0 went elsewhere)");
  }
}

void SubscriptionKeeper::Kick() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    kick_ = true;
  }
  cv_.notify_all();
}

std::unique_ptr<sinks::Sink> SubscriptionKeeper::LifecycleSink() {
  return std::make_unique<LifecycleActionSink>(this);
}

void SubscriptionKeeper::OnLifecycle(const std::string& record) {
  const nlohmann::json j = nlohmann::json::parse(record, nullptr, false);
  if (!j.is_object()) return;
  const std::string event = j.value("lifecycle_event", "");
  const nlohmann::json n = j.value("notification", nlohmann::json::object());
  const std::string id = n.value("subscription_id", "");
  if (event == "reauthorizationRequired") {
    const int64_t now_s = clock_.WallMillis() / 1000;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = last_reauthorized_s_.find(id);
      if (it != last_reauthorized_s_.end() && now_s - it->second < kReauthorizeQuietSeconds) {
        return;  // Graph sends several; one answer is enough
      }
      last_reauthorized_s_[id] = now_s;
    }
    const Status s = api_->Reauthorize(id);
    Log(s.ok() ? LogLevel::kInfo : LogLevel::kWarn,
        s.ok() ? "subscription reauthorized" : "subscription reauthorization failed",
        {{"subscription_id", id}, {"error", s.ok() ? "" : s.message()}});
  } else if (event == "subscriptionRemoved" || event == "missed") {
    if (event == "subscriptionRemoved") {
      std::lock_guard<std::mutex> lock(mu_);
      open_gaps_[id] = j.value("source", nlohmann::json::object()).value("enqueued_time", "");
    }
    Log(LogLevel::kWarn,
        event == "missed" ? "notifications were missed: a gap in what was evaluated"
                          : "subscription removed: notifications stop until it is recreated",
        {{"subscription_id", id},
         {"lifecycle_event", event},
         {"at", j.value("source", nlohmann::json::object()).value("enqueued_time", "")}});
    Kick();
  }
}

void SubscriptionKeeper::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    const bool kicked = cv_.wait_for(lock, interval_, [&] { return stop_ || kick_; }) && kick_;
    // A pending kick is honoured even when stopping: a leader that just took over (or a
    // removed subscription) gets its reconcile before the keeper goes.
    if (stop_ && !kicked) return;
    kick_ = false;
    if (!leader_.load()) continue;
    lock.unlock();
    const m365::ReconcileReport report = m365::Reconcile(
        *api_, desired_, clock_.WallMillis() / 1000, renew_margin_s_, /*dry_run=*/false);
    ++reconciles_;
    for (const std::string& line : report.lines) {
      Log(line.rfind("fail", 0) == 0 ? LogLevel::kWarn : LogLevel::kInfo, "subscription upkeep",
          {{"result", line}});
    }
    lock.lock();
    if (report.failures == 0) {
      // Every desired subscription exists again: the gaps of removed ones end now.
      const std::string now = source::FormatUtcMillis(clock_.WallMillis());
      for (const auto& [sid, from] : open_gaps_) {
        Log(LogLevel::kWarn, "gap closed: the removed subscription was recreated",
            {{"subscription_id", sid}, {"from", from}, {"to", now}});
      }
      open_gaps_.clear();
    }
    if (stop_) return;
  }
}

}  // namespace bulwark::service
