#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sinks/sink.h"

namespace bulwark::sinks {
namespace {

class JsonlSink : public Sink {
 public:
  explicit JsonlSink(JsonlOptions options) : options_(std::move(options)) {}
  ~JsonlSink() override {
    if (file_ != nullptr && file_ != stdout) fclose(file_);
  }

  std::string name() const override { return "jsonl:" + options_.path; }

  Status Open() {
    if (file_ != nullptr) return Status::Ok();
    if (options_.path == "-") {
      file_ = stdout;
      return Status::Ok();
    }
    file_ = fopen(options_.path.c_str(), options_.truncate ? "w" : "a");
    if (file_ == nullptr) {
      return Status::IoError("open " + options_.path + ": " + std::strerror(errno));
    }
    options_.truncate = false;  // a reopen after a failure appends
    // A batch that failed may have left part of itself (a short write, a full disk): cut the
    // file back to the end of the last accepted batch, so the retry leaves neither a torn line
    // nor a duplicate of what was written before the failure.
    // (Regular files only: a pipe or a device cannot be cut back.)
    struct stat st;
    regular_ = fstat(fileno(file_), &st) == 0 && S_ISREG(st.st_mode);
    if (!regular_) return Status::Ok();
    if (accepted_size_ >= 0 && ftruncate(fileno(file_), accepted_size_) != 0) return Fail();
    if (fseeko(file_, 0, SEEK_END) != 0) return Fail();
    accepted_size_ = ftello(file_);
    return Status::Ok();
  }

  Status Write(const std::vector<const std::string*>& lines) override {
    if (Status s = Open(); !s.ok()) return s;
    for (const std::string* line : lines) {
      if (fwrite(line->data(), 1, line->size(), file_) != line->size() ||
          fputc('\n', file_) == EOF) {
        return Fail();
      }
    }
    if (fflush(file_) != 0) return Fail();
    if (options_.fsync && file_ != stdout && fsync(fileno(file_)) != 0) return Fail();
    if (regular_) accepted_size_ = ftello(file_);
    return Status::Ok();
  }

 private:
  Status Fail() {
    const std::string why = std::strerror(errno);
    if (file_ != stdout) fclose(file_);
    file_ = nullptr;  // reopen on the next attempt
    return Status::IoError("write " + options_.path + ": " + why);
  }

  JsonlOptions options_;
  FILE* file_ = nullptr;
  bool regular_ = false;      // file_ is a regular file (its size can be cut back)
  off_t accepted_size_ = -1;  // the file's size after the last accepted batch; -1: unknown
};

}  // namespace

std::optional<RecordKind> ParseRecordKind(std::string_view name) {
  if (name == "verdict") return RecordKind::kVerdict;
  if (name == "feedback") return RecordKind::kFeedback;
  if (name == "lifecycle") return RecordKind::kLifecycle;
  if (name == "dead_letter") return RecordKind::kDeadLetter;
  return std::nullopt;
}

std::unique_ptr<Sink> MakeJsonlSink(JsonlOptions options) {
  return std::make_unique<JsonlSink>(std::move(options));
}

Result<std::unique_ptr<Sink>> OpenJsonlSink(JsonlOptions options) {
  auto sink = std::make_unique<JsonlSink>(std::move(options));
  if (Status s = sink->Open(); !s.ok()) return s;
  return std::unique_ptr<Sink>(std::move(sink));
}

}  // namespace bulwark::sinks
