// KafkaConsumer: the Event Hubs (Kafka protocol) source. One consumer group; partitions are
// balanced by the group protocol, so more instances in the group scale out. Offsets are stored
// explicitly (enable.auto.offset.store=false) only for work the sinks accepted, and committed
// by librdkafka's auto-commit, on revocation and on close.
//
// Thread-safety: Poll(), Pause(), Resume(), Close() on one thread (the polling thread), which
// also runs the rebalance callbacks. StoreOffset() and Lag() may be called from any thread.
#ifndef BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONSUMER_H_
#define BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONSUMER_H_

#include <librdkafka/rdkafka.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bulwark/status.h"
#include "eventhubs/kafka_config.h"
#include "graph/envelope.h"

namespace bulwark::eventhubs {

struct ConsumerOptions {
  KafkaEndpoint endpoint;
  std::string topic;
  std::string group = "bulwark";
};

struct RebalanceCallbacks {
  // After partitions were assigned.
  std::function<void(const std::vector<int32_t>&)> on_assigned;
  // Before partitions are given up: finish and store their work (bounded time), then return.
  std::function<void(const std::vector<int32_t>&)> on_revoked;
  // Non-fatal client errors (broker down, ...), for logging.
  std::function<void(const std::string&)> on_error;
};

class KafkaConsumer {
 public:
  static Result<std::unique_ptr<KafkaConsumer>> Create(const ConsumerOptions& options,
                                                       RebalanceCallbacks callbacks);
  ~KafkaConsumer();
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  // Waits up to `timeout_ms` for one event. Returns true and fills `out` (source "eventhubs",
  // partition, offset, enqueued time, body) when one arrived.
  bool Poll(int timeout_ms, graph::Envelope* out, int64_t* timestamp_ms);
  // Stores `next_offset` (one past the last accepted offset) for commit.
  void StoreOffset(int32_t partition, int64_t next_offset);
  // Commits stored offsets now (synchronously).
  Status CommitSync();
  // Stops / restarts fetching on every assigned partition (backpressure).
  void Pause();
  void Resume();
  bool paused() const { return paused_; }
  // Partitions currently assigned.
  std::vector<int32_t> Assignment() const;
  // High watermark minus the stored position, per assigned partition (from cached statistics).
  std::map<int32_t, int64_t> Lag() const;
  // Leaves the group (runs the revocation callback) and commits.
  void Close();

 private:
  KafkaConsumer() = default;
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);

  rd_kafka_t* rk_ = nullptr;
  std::string topic_;
  RebalanceCallbacks callbacks_;
  bool paused_ = false;
  bool closed_ = false;
  mutable std::mutex mu_;
  std::vector<int32_t> assignment_;
  std::map<int32_t, int64_t> stored_;
};

}  // namespace bulwark::eventhubs

#endif  // BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONSUMER_H_
