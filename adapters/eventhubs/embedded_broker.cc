#include "eventhubs/embedded_broker.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "bulwark/parse_number.h"

namespace bulwark::eventhubs {
namespace {

int ConnectLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Copies bytes both ways until either side closes.
void Pipe(int a, int b, const std::atomic<bool>* stop) {
  std::vector<char> buf(64 * 1024);
  pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
  while (!stop->load()) {
    if (poll(fds, 2, 200) < 0) break;
    bool closed = false;
    for (int i = 0; i < 2 && !closed; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buf.data(), buf.size());
      if (n <= 0) {
        closed = true;
        break;
      }
      const int out = fds[1 - i].fd;
      for (ssize_t off = 0; off < n;) {
        const ssize_t w = write(out, buf.data() + off, static_cast<size_t>(n - off));
        if (w <= 0) {
          closed = true;
          break;
        }
        off += w;
      }
    }
    if (closed) break;
  }
  close(a);
  close(b);
}

}  // namespace

Result<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::Start(const std::string& topic,
                                                              int partitions, int port) {
  std::unique_ptr<EmbeddedBroker> b(new EmbeddedBroker());
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
  b->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (b->handle_ == nullptr) return Status::Internal(std::string("rd_kafka_new: ") + err);
  b->cluster_ = rd_kafka_mock_cluster_new(b->handle_, 1);
  if (b->cluster_ == nullptr) return Status::Internal("cannot start the mock Kafka cluster");
  b->mock_address_ = rd_kafka_mock_cluster_bootstraps(b->cluster_);
  b->bootstrap_ = b->mock_address_;
  if (Status s = b->CreateTopic(topic, partitions); !s.ok()) return s;
  if (port > 0) {
    b->listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(b->listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(b->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(b->listen_fd_, 64) != 0) {
      return Status::IoError("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                             std::strerror(errno));
    }
    b->bootstrap_ = "127.0.0.1:" + std::to_string(port);
    b->forwarder_ = std::thread(&EmbeddedBroker::Forward, b.get());
  }
  return b;
}

Status EmbeddedBroker::SetDown(bool down) {
  const rd_kafka_resp_err_t e = down ? rd_kafka_mock_broker_set_down(cluster_, -1)
                                     : rd_kafka_mock_broker_set_up(cluster_, -1);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Internal(std::string("mock broker ") + (down ? "down" : "up") + ": " +
                            rd_kafka_err2str(e));
  }
  return Status::Ok();
}

Status EmbeddedBroker::CreateTopic(const std::string& topic, int partitions) {
  const rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, 1);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Internal("cannot create topic " + topic + ": " + rd_kafka_err2str(e));
  }
  return Status::Ok();
}

void EmbeddedBroker::Forward() {
  // librdkafka's mock cluster reports "127.0.0.1:PORT"; anything else is a bug worth knowing.
  const std::optional<int> parsed =
      ParseInteger<int>(mock_address_.substr(mock_address_.rfind(':') + 1), 1, 65535);
  if (!parsed) {
    fprintf(stderr, "embedded broker: cannot read a port from the mock cluster's address '%s'\n",
            mock_address_.c_str());
    return;
  }
  const int mock_port = *parsed;
  std::vector<std::thread> pipes;
  while (!stop_.load()) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    const int client = accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    const int upstream = ConnectLoopback(mock_port);
    if (upstream < 0) {
      close(client);
      continue;
    }
    pipes.emplace_back(Pipe, client, upstream, &stop_);
  }
  for (auto& t : pipes) t.join();
}

EmbeddedBroker::~EmbeddedBroker() {
  stop_ = true;
  if (forwarder_.joinable()) forwarder_.join();
  if (listen_fd_ >= 0) close(listen_fd_);
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

}  // namespace bulwark::eventhubs
