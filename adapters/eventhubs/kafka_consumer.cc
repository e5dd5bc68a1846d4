#include "eventhubs/kafka_consumer.h"

#include <ctime>

#include "source/utc_time.h"

namespace bulwark::eventhubs {
namespace {

std::vector<int32_t> Partitions(const rd_kafka_topic_partition_list_t* list) {
  std::vector<int32_t> out;
  out.reserve(static_cast<size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i) out.push_back(list->elems[i].partition);
  return out;
}

}  // namespace

Result<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(const ConsumerOptions& options) {
  std::unique_ptr<KafkaConsumer> c(new KafkaConsumer());
  c->topic_ = options.topic;
  auto conf =
      MakeKafkaConf(options.endpoint, {{"group.id", options.group},
                                       {"enable.auto.offset.store", "false"},
                                       {"enable.auto.commit", "true"},
                                       {"auto.commit.interval.ms", "1000"},
                                       {"auto.offset.reset", "earliest"},
                                       {"enable.partition.eof", "true"},
                                       {"partition.assignment.strategy", "range,roundrobin"},
                                       {"queued.max.messages.kbytes", "16384"},
                                       {"log_level", "3"}});
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_rebalance_cb(conf->get(), &KafkaConsumer::OnRebalance);
  rd_kafka_conf_set_error_cb(conf->get(), &KafkaConsumer::OnError);
  rd_kafka_conf_set_opaque(conf->get(), c.get());
  char err[512];
  c->rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf->release(), err, sizeof err);
  if (c->rk_ == nullptr) return Status::InvalidArgument(std::string("kafka consumer: ") + err);
  rd_kafka_poll_set_consumer(c->rk_);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, options.topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t e = rd_kafka_subscribe(c->rk_, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::InvalidArgument(std::string("subscribe: ") + rd_kafka_err2str(e));
  }
  return c;
}

KafkaConsumer::~KafkaConsumer() {
  LeaveGroup();  // not the virtual Close(): no dispatch during destruction
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

void KafkaConsumer::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<KafkaConsumer*>(opaque);
  const std::vector<int32_t> parts = Partitions(partitions);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(rk, partitions);
    {
      std::lock_guard<std::mutex> lock(self->mu_);
      self->assignment_ = parts;
      self->stored_.clear();
    }
    self->caught_up_.clear();
    self->paused_ = false;
    if (self->listener_ != nullptr) self->listener_->OnAssigned(parts);
  } else {
    if (self->listener_ != nullptr) self->listener_->OnRevoked(parts);
    rd_kafka_commit(rk, nullptr, 0);  // synchronous: what was stored for these partitions
    rd_kafka_assign(rk, nullptr);
    std::lock_guard<std::mutex> lock(self->mu_);
    self->assignment_.clear();
    self->stored_.clear();
  }
}

void KafkaConsumer::OnError(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* self = static_cast<KafkaConsumer*>(opaque);
  self->ReportError(std::string(rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))) + ": " +
                    reason);
}

source::PollStatus KafkaConsumer::Poll(int timeout_ms, source::Envelope* out) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, timeout_ms);
  if (m == nullptr) return source::PollStatus::kIdle;
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      ReportError(rd_kafka_message_errstr(m));
    } else if (caught_up_.insert(m->partition).second && listener_ != nullptr) {
      listener_->OnCaughtUp(m->partition, m->offset);
    }
    rd_kafka_message_destroy(m);
    return source::PollStatus::kIdle;
  }
  out->source_kind = "eventhubs";
  out->file.clear();
  out->line = 0;
  out->partition = m->partition;
  out->offset = m->offset;
  rd_kafka_timestamp_type_t type;
  const int64_t ts = rd_kafka_message_timestamp(m, &type);
  out->timestamp_ms = ts > 0 ? ts : 0;
  out->enqueued_time = ts > 0 ? source::FormatUtcMillis(ts) : "";
  out->body.assign(static_cast<const char*>(m->payload), m->len);
  rd_kafka_message_destroy(m);
  return source::PollStatus::kEvent;
}

void KafkaConsumer::Acknowledge(int32_t partition, int64_t next_offset) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stored_[partition] = next_offset;
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic_.c_str(), partition)->offset = next_offset;
  rd_kafka_offsets_store(rk_, list);  // fails harmlessly for a partition no longer assigned
  rd_kafka_topic_partition_list_destroy(list);
}

Status KafkaConsumer::Commit() {
  const rd_kafka_resp_err_t e = rd_kafka_commit(rk_, nullptr, 0);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return Status::IoError(std::string("commit: ") + rd_kafka_err2str(e));
  }
  return Status::Ok();
}

void KafkaConsumer::Pause() {
  if (paused_) return;
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk_, &list) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_pause_partitions(rk_, list);
    rd_kafka_topic_partition_list_destroy(list);
  }
  paused_ = true;
}

void KafkaConsumer::Resume() {
  if (!paused_) return;
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk_, &list) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_resume_partitions(rk_, list);
    rd_kafka_topic_partition_list_destroy(list);
  }
  paused_ = false;
}

std::vector<int32_t> KafkaConsumer::Assignment() const {
  std::lock_guard<std::mutex> lock(mu_);
  return assignment_;
}

std::map<int32_t, int64_t> KafkaConsumer::Lag() const {
  std::map<int32_t, int64_t> out;
  std::vector<int32_t> parts;
  std::map<int32_t, int64_t> stored;
  {
    std::lock_guard<std::mutex> lock(mu_);
    parts = assignment_;
    stored = stored_;
  }
  for (int32_t p : parts) {
    int64_t low = 0;
    int64_t high = 0;
    if (rd_kafka_get_watermark_offsets(rk_, topic_.c_str(), p, &low, &high) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0) {
      continue;
    }
    auto it = stored.find(p);
    const int64_t pos = it != stored.end() ? it->second : low;
    out[p] = std::max<int64_t>(0, high - pos);
  }
  return out;
}

void KafkaConsumer::Close() { LeaveGroup(); }

void KafkaConsumer::LeaveGroup() {
  if (closed_ || rk_ == nullptr) return;
  closed_ = true;
  rd_kafka_consumer_close(rk_);
}

}  // namespace bulwark::eventhubs
