#include "replay/byte_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace bulwark::replay {
namespace {

constexpr size_t kChunk = 256 * 1024;

class FileStream : public ByteStream {
 public:
  FileStream(int fd, std::string path, bool owned)
      : fd_(fd), path_(std::move(path)), owned_(owned) {}
  ~FileStream() override {
    if (owned_) close(fd_);
  }
  Result<size_t> Read(char* buf, size_t n) override {
    while (true) {
      const ssize_t r = read(fd_, buf, n);
      if (r >= 0) return static_cast<size_t>(r);
      if (errno == EINTR) continue;
      return Status::IoError("cannot read " + path_ + ": " + std::strerror(errno));
    }
  }

 private:
  const int fd_;
  const std::string path_;
  const bool owned_;
};

}  // namespace

Result<std::unique_ptr<ByteStream>> OpenFileStream(const std::string& path) {
  if (path == "-") return std::unique_ptr<ByteStream>(new FileStream(STDIN_FILENO, "stdin", false));
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open capture " + path + ": " + std::strerror(errno));
  return std::unique_ptr<ByteStream>(new FileStream(fd, path, true));
}

Result<size_t> MemoryStream::Read(char* buf, size_t n) {
  const size_t k = std::min(n, bytes_.size() - pos_);
  std::memcpy(buf, bytes_.data() + pos_, k);
  pos_ += k;
  return k;
}

BufferedInput::BufferedInput(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}

Status BufferedInput::ReadMore(size_t want) {
  if (pos_ > 0 && pos_ * 2 >= buf_.size()) {  // compact: keep only what is not consumed
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const size_t old = buf_.size();
  const size_t n = std::max(want, kChunk);
  buf_.resize(old + n);
  auto r = stream_->Read(buf_.data() + old, n);
  if (!r.ok()) {
    buf_.resize(old);
    return r.status();
  }
  buf_.resize(old + *r);
  read_ += *r;
  if (*r == 0) eof_ = true;
  return Status::Ok();
}

Result<size_t> BufferedInput::Fill(size_t n) {
  while (buf_.size() - pos_ < n && !eof_) {
    if (Status s = ReadMore(n - (buf_.size() - pos_)); !s.ok()) return s;
  }
  return std::min(n, buf_.size() - pos_);
}

void BufferedInput::Consume(size_t n) {
  n = std::min(n, buf_.size() - pos_);
  pos_ += n;
  consumed_ += n;
}

Result<bool> BufferedInput::ReadLine(size_t max, std::string* line, bool* truncated) {
  line->clear();
  *truncated = false;
  size_t scanned = 0;  // bytes of the available data known to hold no '\n'
  while (true) {
    const std::string_view avail = Peek();
    const size_t nl = avail.find('\n', scanned);
    if (nl != std::string_view::npos || eof_) {
      const size_t end = nl == std::string_view::npos ? avail.size() : nl;
      if (end == 0 && nl == std::string_view::npos && line->empty() && !*truncated) return false;
      const size_t keep = std::min(end, max - std::min(max, line->size()));
      line->append(avail.substr(0, keep));
      if (keep < end) *truncated = true;
      Consume(nl == std::string_view::npos ? end : end + 1);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      return true;
    }
    if (avail.size() > max) {  // too long: keep the head, drop the rest of the line as it comes
      const size_t keep = max - std::min(max, line->size());
      line->append(avail.substr(0, keep));
      *truncated = true;
      Consume(avail.size());
      scanned = 0;
    } else {
      scanned = avail.size();
    }
    if (Status s = ReadMore(kChunk); !s.ok()) return s;
  }
}

}  // namespace bulwark::replay
