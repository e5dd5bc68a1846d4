#include "service/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "bulwark/parse_number.h"

namespace bulwark::service {

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& listen, Handler handler) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos)
    return Status::InvalidArgument("metrics listen must be HOST:PORT");
  const std::string host = listen.substr(0, colon);
  const std::optional<int> parsed = ParseInteger<int>(listen.substr(colon + 1), 0, 65535);
  if (!parsed) return Status::InvalidArgument("metrics listen must be HOST:PORT (port 0-65535)");
  const int port = *parsed;
  std::unique_ptr<HttpServer> s(new HttpServer());
  s->handler_ = std::move(handler);
  s->fd_ = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(s->fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    return Status::InvalidArgument("metrics listen address '" + host + "' is not an IPv4 address");
  }
  if (bind(s->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(s->fd_, 16) != 0) {
    return Status::IoError("cannot listen on " + listen + ": " + std::strerror(errno));
  }
  socklen_t len = sizeof addr;
  getsockname(s->fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  s->port_ = ntohs(addr.sin_port);
  s->thread_ = std::thread(&HttpServer::Serve, s.get());
  return s;
}

HttpServer::~HttpServer() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

void HttpServer::Serve() {
  while (!stop_.load()) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    const int c = accept(fd_, nullptr, nullptr);
    if (c < 0) continue;
    timeval tv{2, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[2048];
    const ssize_t n = read(c, buf, sizeof buf - 1);
    HttpResponse r;
    if (n <= 0) {
      close(c);
      continue;
    }
    buf[n] = '\0';
    const std::string req(buf);
    if (req.rfind("GET ", 0) != 0) {
      r.status = 405;
      r.body = "method not allowed\n";
    } else {
      const size_t end = req.find(' ', 4);
      std::string path = req.substr(4, end == std::string::npos ? std::string::npos : end - 4);
      if (const size_t q = path.find('?'); q != std::string::npos) path.resize(q);
      r = handler_(path);
    }
    const char* reason = r.status == 200   ? "OK"
                         : r.status == 404 ? "Not Found"
                         : r.status == 503 ? "Service Unavailable"
                                           : "Error";
    const std::string head = "HTTP/1.0 " + std::to_string(r.status) + " " + reason +
                             "\r\nContent-Type: " + r.content_type +
                             "\r\nContent-Length: " + std::to_string(r.body.size()) +
                             "\r\nConnection: close\r\n\r\n";
    const std::string all = head + r.body;
    for (size_t off = 0; off < all.size();) {
      const ssize_t w = write(c, all.data() + off, all.size() - off);
      if (w <= 0) break;
      off += static_cast<size_t>(w);
    }
    close(c);
  }
}

}  // namespace bulwark::service
