#include "eventhubs/kafka_producer.h"

namespace bulwark::eventhubs {

Result<std::unique_ptr<KafkaProducer>> KafkaProducer::Create(const KafkaEndpoint& endpoint) {
  std::unique_ptr<KafkaProducer> p(new KafkaProducer());
  auto conf = MakeKafkaConf(endpoint, {{"enable.idempotence", "true"},
                                       {"acks", "all"},
                                       {"message.timeout.ms", "30000"},
                                       {"log_level", "3"}});
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &KafkaProducer::OnDelivery);
  rd_kafka_conf_set_opaque(conf->get(), p.get());
  char err[512];
  p->rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf->release(), err, sizeof err);
  if (p->rk_ == nullptr) return Status::InvalidArgument(std::string("kafka producer: ") + err);
  return p;
}

KafkaProducer::~KafkaProducer() {
  if (rk_ != nullptr) {
    rd_kafka_flush(rk_, 5000);
    rd_kafka_destroy(rk_);
  }
}

void KafkaProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  auto* self = static_cast<KafkaProducer*>(opaque);
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (self->failures_++ == 0) self->first_error_ = rd_kafka_err2str(msg->err);
  }
}

Status KafkaProducer::Produce(const std::string& topic, int32_t partition, std::string_view value) {
  for (int attempt = 0;; ++attempt) {
    const rd_kafka_resp_err_t e =
        rd_kafka_producev(rk_, RD_KAFKA_V_TOPIC(topic.c_str()),
                          RD_KAFKA_V_PARTITION(partition < 0 ? RD_KAFKA_PARTITION_UA : partition),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();
    if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL || attempt > 100) {
      return Status::IoError(std::string("produce to ") + topic + ": " + rd_kafka_err2str(e));
    }
    rd_kafka_poll(rk_, 100);  // serve delivery reports to make room
  }
}

Status KafkaProducer::Flush(int timeout_ms) {
  const rd_kafka_resp_err_t e = rd_kafka_flush(rk_, timeout_ms);
  const int failed = failures_.exchange(0);
  if (failed > 0) {
    return Status::IoError(std::to_string(failed) + " records not acknowledged: " + first_error_);
  }
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return Status::IoError("kafka flush timed out");
  return Status::Ok();
}

Result<int> KafkaProducer::PartitionCount(const std::string& topic, int timeout_ms) {
  // All topics, not this one: a request for one topic may create it where brokers
  // auto-create (the embedded broker does), and a check must not change what it checks.
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(rk_, /*all_topics=*/1, nullptr, &md, timeout_ms);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::IoError("metadata for " + topic + ": " + rd_kafka_err2str(e));
  }
  int n = 0;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (topic == md->topics[i].topic && md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      n = md->topics[i].partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(md);
  if (n <= 0) return Status::NotFound("topic " + topic + " does not exist");
  return n;
}

}  // namespace bulwark::eventhubs
