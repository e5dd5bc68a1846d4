#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sinks/sink.h"

namespace bulwark::sinks {
namespace {

class JsonlSink : public Sink {
 public:
  JsonlSink(std::string path, bool fsync) : path_(std::move(path)), fsync_(fsync) {}
  ~JsonlSink() override {
    if (file_ != nullptr && file_ != stdout) fclose(file_);
  }
  JsonlSink(const JsonlSink&) = delete;
  JsonlSink& operator=(const JsonlSink&) = delete;

  std::string name() const override { return "jsonl:" + path_; }

  Status Write(const std::vector<const std::string*>& lines) override {
    if (file_ == nullptr) {
      file_ = path_ == "-" ? stdout : fopen(path_.c_str(), "a");
      if (file_ == nullptr) return Status::IoError("open " + path_ + ": " + std::strerror(errno));
    }
    for (const std::string* line : lines) {
      if (fwrite(line->data(), 1, line->size(), file_) != line->size() ||
          fputc('\n', file_) == EOF) {
        return Fail();
      }
    }
    if (fflush(file_) != 0) return Fail();
    if (fsync_ && file_ != stdout && fsync(fileno(file_)) != 0) return Fail();
    return Status::Ok();
  }

 private:
  Status Fail() {
    const std::string why = std::strerror(errno);
    if (file_ != stdout) fclose(file_);
    file_ = nullptr;  // reopen on the next attempt
    return Status::IoError("write " + path_ + ": " + why);
  }

  std::string path_;
  bool fsync_;
  FILE* file_ = nullptr;
};

}  // namespace

std::unique_ptr<Sink> MakeJsonlSink(const std::string& path, bool fsync) {
  return std::make_unique<JsonlSink>(path, fsync);
}

}  // namespace bulwark::sinks
