// KafkaConsumer: the Event Hubs (Kafka protocol) source. One consumer group; partitions are
// balanced by the group protocol, so more instances in the group scale out. Offsets are stored
// explicitly (enable.auto.offset.store=false) only for work the sinks accepted, and committed
// by librdkafka's auto-commit, on revocation and on close.
//
// Thread-safety: Poll(), Pause(), Resume(), Commit(), Close() on one thread (the polling
// thread), which also runs the rebalance callbacks. Acknowledge() and Lag() from any thread.
#ifndef BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONSUMER_H_
#define BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONSUMER_H_

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bulwark/status.h"
#include "eventhubs/kafka_config.h"
#include "source/event_source.h"

namespace bulwark::eventhubs {

struct ConsumerOptions {
  KafkaEndpoint endpoint;
  std::string topic;
  std::string group = "bulwark";
};

class KafkaConsumer : public source::EventSource {
 public:
  // Creates the client and subscribes to `options.topic` (no network I/O until Poll()).
  // InvalidArgument when the endpoint configuration is rejected.
  static Result<std::unique_ptr<KafkaConsumer>> Create(const ConsumerOptions& options);
  ~KafkaConsumer() override;

  std::string name() const override { return "kafka:" + topic_; }
  // Rebalances run the listener from inside Poll(); client errors go to OnSourceError.
  void SetListener(source::SourceListener* listener) override { listener_ = listener; }
  bool tracks_positions() const override { return true; }
  // An event fills `out` with source "eventhubs", partition, offset, enqueued time (the
  // broker timestamp) and body. Never kEnd.
  source::PollStatus Poll(int timeout_ms, source::Envelope* out) override;
  // Stores `next_offset` (one past the last accepted offset) for the next commit.
  void Acknowledge(int32_t partition, int64_t next_offset) override;
  Status Commit() override;
  void Pause() override;
  void Resume() override;
  // High watermark minus the acknowledged position, per assigned partition (cached statistics).
  std::map<int32_t, int64_t> Lag() const override;
  void Close() override;

  bool paused() const { return paused_; }
  // Partitions currently assigned. Any thread.
  std::vector<int32_t> Assignment() const;

 private:
  KafkaConsumer() = default;
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  void LeaveGroup();
  void ReportError(const std::string& message) {
    if (listener_ != nullptr) listener_->OnSourceError(message);
  }

  rd_kafka_t* rk_ = nullptr;
  std::string topic_;
  source::SourceListener* listener_ = nullptr;
  bool paused_ = false;
  bool closed_ = false;
  mutable std::mutex mu_;
  std::vector<int32_t> assignment_;
  std::map<int32_t, int64_t> stored_;
  std::set<int32_t> caught_up_;  // polling thread: partitions whose end was reported
};

}  // namespace bulwark::eventhubs

#endif  // BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONSUMER_H_
