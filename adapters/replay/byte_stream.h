// ByteStream: the bytes of one capture input (a local file, stdin, or a blob read in ranges),
// and BufferedInput, the bounded look-ahead the capture readers parse from. Readers never hold
// more than one line or one Avro block (plus a read-ahead chunk) of an input in memory.
//
// Thread-safety: one stream and one BufferedInput per thread.
#ifndef BULWARK_ADAPTERS_REPLAY_BYTE_STREAM_H_
#define BULWARK_ADAPTERS_REPLAY_BYTE_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "bulwark/status.h"

namespace bulwark::replay {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  ByteStream() = default;
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;
  // Reads up to `n` bytes into `buf`: how many were read, 0 at the end of the input. IoError
  // (naming the input) when the input cannot be read.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

// A local file, or stdin for "-". IoError naming the path when it cannot be opened.
Result<std::unique_ptr<ByteStream>> OpenFileStream(const std::string& path);

// Bytes held in memory (tests and fuzzing).
class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<size_t> Read(char* buf, size_t n) override;

 private:
  const std::string bytes_;
  size_t pos_ = 0;
};

class BufferedInput {
 public:
  explicit BufferedInput(std::unique_ptr<ByteStream> stream);

  // Makes at least `n` bytes available unless the input ends first: how many are available.
  Result<size_t> Fill(size_t n);
  // The bytes available (after Fill()), starting at position().
  std::string_view Peek() const { return std::string_view(buf_).substr(pos_); }
  // Drops `n` available bytes.
  void Consume(size_t n);
  // Bytes consumed since the start of the input.
  uint64_t position() const { return consumed_; }
  // Bytes read from the stream so far (consumed or not): the progress of the input.
  uint64_t bytes_read() const { return read_; }

  // The next line, without its '\n' (and '\r'): false at the end of the input. A line longer
  // than `max` is consumed to its end, `*line` keeps its first `max` bytes and `*truncated` is
  // set.
  Result<bool> ReadLine(size_t max, std::string* line, bool* truncated);

 private:
  Status ReadMore(size_t want);

  std::unique_ptr<ByteStream> stream_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t consumed_ = 0;
  uint64_t read_ = 0;
  bool eof_ = false;
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_BYTE_STREAM_H_
