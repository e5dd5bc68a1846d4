// SubscriptionKeeper: keeps the Graph subscriptions as configured while this instance leads.
// The leader is the instance the consumer group gave partition 0 — the group is the only
// coordination (no lock of Bulwark's own), and a rebalance hands the role over. It reconciles
// when it becomes leader and then every `interval`.
//
// It also acts on lifecycle records, as a sink for them (LifecycleSink()):
// `reauthorizationRequired` → reauthorize that subscription (at most once per 10 minutes each);
// `subscriptionRemoved` and `missed` → a warning naming the subscription and the time (the gap
// an operator must know about) and a reconcile now. Upkeep never blocks the stream: a failed
// call is logged and left to the next reconcile.
//
// Thread-safety: every public method may be called from any thread.
#ifndef BULWARK_ADAPTERS_SERVICE_SUBSCRIPTION_KEEPER_H_
#define BULWARK_ADAPTERS_SERVICE_SUBSCRIPTION_KEEPER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "m365/subscriptions.h"
#include "sinks/sink.h"
#include "source/clock.h"

namespace bulwark::service {

class SubscriptionKeeper {
 public:
  // `api` and `clock` are not owned and must outlive the keeper. Starts its thread.
  SubscriptionKeeper(const m365::SubscriptionsApi* api,
                     std::vector<m365::DesiredSubscription> desired, int64_t renew_margin_s,
                     std::chrono::seconds interval, const source::Clock& clock);
  ~SubscriptionKeeper();
  SubscriptionKeeper(const SubscriptionKeeper&) = delete;
  SubscriptionKeeper& operator=(const SubscriptionKeeper&) = delete;

  // This instance gained (true) or lost (false) partition 0.
  void SetLeader(bool leader);
  bool leader() const { return leader_.load(); }
  // Reconcile as soon as possible (when leader).
  void Kick();
  // Reconciles done so far (for tests and metrics).
  uint64_t reconciles() const { return reconciles_.load(); }
  // A sink for lifecycle records that acts on them; it keeps a pointer to the keeper.
  std::unique_ptr<sinks::Sink> LifecycleSink();

  // Handles one lifecycle record (JSON); used by the sink.
  void OnLifecycle(const std::string& record);

 private:
  void Loop();

  const m365::SubscriptionsApi* api_;
  const std::vector<m365::DesiredSubscription> desired_;
  const int64_t renew_margin_s_;
  const std::chrono::seconds interval_;
  const source::Clock& clock_;
  std::atomic<bool> leader_{false};
  std::atomic<uint64_t> reconciles_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool kick_ = false;
  bool stop_ = false;
  std::map<std::string, int64_t> last_reauthorized_s_;  // subscription id -> when
  std::map<std::string, std::string> open_gaps_;        // removed subscription id -> since
  std::thread thread_;
};

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_SUBSCRIPTION_KEEPER_H_
