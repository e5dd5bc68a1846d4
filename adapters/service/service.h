// Service: `bulwark run`. Runs the pipeline (pipeline/runner.h) over an event source (the Event
// Hubs Kafka consumer in production), with what a long-running process needs around it:
// signals (SIGTERM/SIGINT drain and exit, a second one stops without waiting for the sinks,
// SIGHUP reloads the policies; a broken set keeps the old one), structured logs, Prometheus
// metrics and /healthz, /readyz on an HTTP endpoint.
//
// Policy sets: the service holds the current snapshot only; workers take it per event, so after
// a reload the previous set is freed as soon as the last event evaluated with it is done.
#ifndef BULWARK_ADAPTERS_SERVICE_SERVICE_H_
#define BULWARK_ADAPTERS_SERVICE_SERVICE_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "bulwark/policy_set.h"
#include "pipeline/envelope_processor.h"
#include "service/metrics.h"
#include "sinks/sink.h"
#include "source/clock.h"
#include "source/event_source.h"

namespace bulwark::service {

class SubscriptionKeeper;
class KeyRetirer;
class KeyRetirer;

struct ServiceOptions {
  unsigned workers = 0;                           // 0: the number of cores
  size_t queue_capacity = 1024;                   // events in each queue
  std::string metrics_listen = "127.0.0.1:9464";  // empty: no HTTP endpoint
  int shutdown_timeout_ms = 10000;
  uint64_t stop_after_events = 0;  // >0: drain and exit after that many accepted events
  LoadOptions policy_load;         // what SIGHUP reloads
  pipeline::FeedbackOptions feedback;
};

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and every thread it creates later;
// call it first thing in `bulwark run`, before any library starts threads. The service then
// receives them with sigtimedwait.
void BlockShutdownSignals();

class Service {
 public:
  // `decoder` is not owned and must outlive the service; `policies` must not be null.
  Service(ServiceOptions options, std::unique_ptr<source::EventSource> source,
          const graph::NotificationDecoder* decoder, std::shared_ptr<const PolicySet> policies,
          std::vector<sinks::SinkRoute> sinks, const source::Clock& clock = source::SystemClock());
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Runs until a shutdown signal (or stop_after_events). Returns 0 after a clean drain and
  // commit, 1 when in-flight work could not be drained in time (it will be redelivered), 2 when
  // the service could not start. Call once.
  int Run();

  // Counters of the accepted events (any thread).
  pipeline::Tally tally() const;
  // The policy set new events are evaluated with (any thread).
  std::shared_ptr<const PolicySet> policies() const;
  // Loads options.policy_load again and swaps it in; a set with errors is logged and the
  // running one kept. Returns whether the new set is in use. Any thread (SIGHUP calls it on
  // the polling thread).
  bool Reload();
  // Subscription upkeep to drive from partition ownership (leader = owner of partition 0).
  // Not owned; must outlive Run(). Call before Run(); null: none.
  void SetSubscriptionKeeper(SubscriptionKeeper* keeper);
  // Retires the key ring's unused old keys (checked about once a minute on the polling thread)
  // and publishes each key's last use. Not owned; must outlive Run(). Call before Run().
  void SetKeyRetirer(KeyRetirer* retirer);
  Metrics& metrics() { return metrics_; }
  // Port of the metrics endpoint once Run() started it (0 when off).
  int metrics_port() const { return metrics_port_; }

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  Metrics metrics_;
  std::atomic<int> metrics_port_{0};
};

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_SERVICE_H_
