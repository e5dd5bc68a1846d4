// KafkaProducer: produce records and learn, per batch, whether the broker acknowledged every one
// (acks=all, idempotent). Used by `bulwark publish` and the kafka verdict sink.
//
// Thread-safety: one thread at a time per producer.
#ifndef BULWARK_ADAPTERS_EVENTHUBS_KAFKA_PRODUCER_H_
#define BULWARK_ADAPTERS_EVENTHUBS_KAFKA_PRODUCER_H_

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "bulwark/status.h"
#include "eventhubs/kafka_config.h"

namespace bulwark::eventhubs {

class KafkaProducer {
 public:
  static Result<std::unique_ptr<KafkaProducer>> Create(const KafkaEndpoint& endpoint);
  ~KafkaProducer();
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  // Queues one record (partition -1: the partitioner decides). Fails when the local queue is
  // full after waiting, or on a configuration error.
  Status Produce(const std::string& topic, int32_t partition, std::string_view value);
  // Waits until every queued record is acknowledged or failed; returns the first failure of
  // this batch (records since the previous Flush), or a timeout.
  Status Flush(int timeout_ms);
  // Number of partitions of `topic` (from broker metadata).
  Result<int> PartitionCount(const std::string& topic, int timeout_ms = 10000);

 private:
  KafkaProducer() = default;
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  rd_kafka_t* rk_ = nullptr;
  std::atomic<int> failures_{0};
  std::string first_error_;
};

}  // namespace bulwark::eventhubs

#endif  // BULWARK_ADAPTERS_EVENTHUBS_KAFKA_PRODUCER_H_
