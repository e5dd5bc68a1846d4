// Service: `bulwark run`. Pulls events from a Kafka-protocol source (Azure Event Hubs), decodes
// and evaluates them on N workers, writes records to the sinks and commits offsets at least once:
//
//   consumer thread --(bounded input queue)--> workers --(bounded output queue)--> sink writer
//        ^                                                                             |
//        '------------- StoreOffset(committable position) <-- OffsetWatermark <-- Ack -'
//
// Backpressure: when the input queue is full the consumer pauses its partitions (it keeps
// polling, so it stays in the group). A failing sink is retried with backoff and blocks the
// writer: queues fill, consumption pauses, no offset moves, nothing is dropped. Revocation and
// SIGTERM/SIGINT drain in-flight work (bounded by shutdown_timeout_ms) and commit; SIGHUP reloads
// the policies (a broken set keeps the old one).
#ifndef BULWARK_ADAPTERS_SERVICE_SERVICE_H_
#define BULWARK_ADAPTERS_SERVICE_SERVICE_H_

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bulwark/engine.h"
#include "eventhubs/kafka_consumer.h"
#include "eventhubs/offset_watermark.h"
#include "pipeline/envelope_processor.h"
#include "service/metrics.h"
#include "sinks/sink.h"

namespace bulwark::service {

struct ServiceOptions {
  eventhubs::ConsumerOptions consumer;
  unsigned workers = 0;                           // 0: the number of cores
  size_t queue_capacity = 1024;                   // events in each queue
  std::string metrics_listen = "127.0.0.1:9464";  // empty: no HTTP endpoint
  int shutdown_timeout_ms = 10000;
  uint64_t stop_after_events = 0;  // >0: drain and exit after that many accepted events
  LoadOptions policy_load;         // what SIGHUP reloads
};

// Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and every thread it creates later;
// call it first thing in `bulwark run`, before any library starts threads. The service then
// receives them with sigtimedwait.
void BlockShutdownSignals();

class Service {
 public:
  Service(ServiceOptions options, const graph::NotificationDecoder* decoder,
          std::shared_ptr<const PolicySet> policies, std::vector<sinks::SinkRoute> sinks);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Runs until a shutdown signal (or stop_after_events). Returns 0 after a clean drain and
  // commit, 1 when in-flight work could not be drained in time (it will be redelivered), 2 when
  // the service could not start.
  int Run();

  pipeline::Tally tally() const;
  Metrics& metrics() { return metrics_; }
  // Port of the metrics endpoint once Run() started it (0 when off).
  int metrics_port() const { return metrics_port_; }

 private:
  struct WorkItem;
  struct DoneItem;
  class Impl;
  std::unique_ptr<Impl> impl_;
  Metrics metrics_;
  std::atomic<int> metrics_port_{0};
};

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_SERVICE_H_
