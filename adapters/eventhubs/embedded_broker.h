// EmbeddedBroker: a loopback Kafka-protocol broker (librdkafka's mock cluster) for the zero-config
// demo, tests and load generation. Optionally also listens on a fixed 127.0.0.1 port that
// forwards to the mock broker (the mock cluster picks its own port; clients bootstrap through
// the fixed one, then follow the metadata to the mock's address, also on loopback).
//
// Thread-safety: construct and destroy on one thread; the broker serves clients on its own
// threads. State lives in memory and dies with the process.
#ifndef BULWARK_ADAPTERS_EVENTHUBS_EMBEDDED_BROKER_H_
#define BULWARK_ADAPTERS_EVENTHUBS_EMBEDDED_BROKER_H_

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "bulwark/status.h"

namespace bulwark::eventhubs {

class EmbeddedBroker {
 public:
  // Starts a one-broker mock cluster with `topic` of `partitions` partitions. `port` 0: no
  // fixed-port listener.
  static Result<std::unique_ptr<EmbeddedBroker>> Start(const std::string& topic, int partitions,
                                                       int port);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  // Creates another topic.
  Status CreateTopic(const std::string& topic, int partitions);
  // Takes the broker down (every connection closed, new ones refused; data kept) or brings it
  // back: a broker outage, for fault-injection tests.
  Status SetDown(bool down);
  // "127.0.0.1:<port>": the fixed port when given, else the mock broker's own.
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  EmbeddedBroker() = default;
  void Forward();

  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
  std::string mock_address_;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread forwarder_;
};

}  // namespace bulwark::eventhubs

#endif  // BULWARK_ADAPTERS_EVENTHUBS_EMBEDDED_BROKER_H_
