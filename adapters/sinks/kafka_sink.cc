#include "sinks/kafka_sink.h"

#include "eventhubs/kafka_producer.h"

namespace bulwark::sinks {
namespace {

class KafkaSink : public Sink {
 public:
  KafkaSink(std::unique_ptr<eventhubs::KafkaProducer> producer, std::string topic, int timeout_ms)
      : producer_(std::move(producer)), topic_(std::move(topic)), timeout_ms_(timeout_ms) {}
  std::string name() const override { return "kafka:" + topic_; }
  Status Write(const std::vector<const std::string*>& lines) override {
    for (const std::string* line : lines) {
      if (Status s = producer_->Produce(topic_, -1, *line); !s.ok()) return s;
    }
    return producer_->Flush(timeout_ms_);
  }

 private:
  std::unique_ptr<eventhubs::KafkaProducer> producer_;
  std::string topic_;
  int timeout_ms_;
};

}  // namespace

Result<std::unique_ptr<Sink>> MakeKafkaSink(const eventhubs::KafkaEndpoint& endpoint,
                                            const std::string& topic, int timeout_ms) {
  auto producer = eventhubs::KafkaProducer::Create(endpoint);
  if (!producer.ok()) return producer.status();
  return std::unique_ptr<Sink>(new KafkaSink(std::move(producer).value(), topic, timeout_ms));
}

}  // namespace bulwark::sinks
