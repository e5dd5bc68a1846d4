#include "replay/capture_writer.h"

#include <avro.h>

#include <cstring>
#include <filesystem>

#include "replay/avro_capture_reader.h"
#include "replay/avro_memory.h"
#include "source/utc_time.h"

namespace bulwark::replay {
namespace {

// Avro C keeps a block in a buffer of this size; an event must fit in one. Event Hubs' largest
// event is 1 MB (20 MB on Dedicated).
constexpr size_t kBlockBytes = 24u << 20;
// Files kept open at once; an older one is closed and reopened for appending when needed.
constexpr size_t kMaxOpenFiles = 16;

std::string TwoDigits(int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string AvroError(const std::string& what) { return what + " (" + avro_strerror() + ")"; }

}  // namespace

struct CaptureWriter::Avro {
  avro_schema_t schema = nullptr;
  avro_value_iface_t* iface = nullptr;
  avro_value_t value{};
  bool has_value = false;

  ~Avro() {
    if (has_value) avro_value_decref(&value);
    if (iface) avro_value_iface_decref(iface);
    if (schema) avro_schema_decref(schema);
  }
};

struct CaptureWriter::OpenFile {
  avro_file_writer_t writer = nullptr;
  std::string path;
  size_t in_block = 0;
  uint64_t last_use = 0;
};

CaptureWriter::CaptureWriter(CaptureWriterOptions options) : options_(std::move(options)) {}

CaptureWriter::~CaptureWriter() {
  for (auto& [key, file] : open_) avro_file_writer_close(file->writer);
}

Status CaptureWriter::Init() {
  BoundAvroAllocations();
  if (options_.codec != "null" && options_.codec != "deflate") {
    return Status::InvalidArgument("codec must be null or deflate, not " + options_.codec);
  }
  if (options_.window_ms < 1000 || options_.window_ms % 1000 != 0) {
    return Status::InvalidArgument("the time window must be a whole number of seconds");
  }
  if (options_.out_dir.empty()) return Status::InvalidArgument("no output directory");
  avro_ = std::make_unique<Avro>();
  if (avro_schema_from_json_length(kCaptureSchemaJson, std::strlen(kCaptureSchemaJson),
                                   &avro_->schema) != 0) {
    return Status::Internal(AvroError("the Capture schema does not parse"));
  }
  avro_->iface = avro_generic_class_from_schema(avro_->schema);
  if (avro_->iface == nullptr || avro_generic_value_new(avro_->iface, &avro_->value) != 0) {
    return Status::Internal(AvroError("cannot make an EventData value"));
  }
  avro_->has_value = true;
  return Status::Ok();
}

std::string CaptureWriter::RelativePath(int32_t partition, int64_t window_ms) const {
  const int64_t secs = window_ms / 1000;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days (Howard Hinnant's algorithm), the inverse of DaysFromCivil.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return options_.namespace_name + "/" + options_.eventhub + "/" + std::to_string(partition) + "/" +
         std::to_string(year) + "/" + TwoDigits(month) + "/" + TwoDigits(day) + "/" +
         TwoDigits(rem / 3600) + "/" + TwoDigits(rem / 60 % 60) + "/" + TwoDigits(rem % 60) +
         ".avro";
}

Result<CaptureWriter::OpenFile*> CaptureWriter::FileFor(const Key& key) {
  ++uses_;
  if (auto it = open_.find(key); it != open_.end()) {
    it->second->last_use = uses_;
    return it->second.get();
  }
  if (open_.size() >= kMaxOpenFiles) {
    auto oldest = open_.begin();
    for (auto it = open_.begin(); it != open_.end(); ++it) {
      if (it->second->last_use < oldest->second->last_use) oldest = it;
    }
    if (Status s = CloseFile(oldest->first); !s.ok()) return s;
  }
  auto file = std::make_unique<OpenFile>();
  file->last_use = uses_;
  if (auto it = created_.find(key); it != created_.end()) {
    file->path = it->second;
    if (avro_file_writer_open_bs(file->path.c_str(), &file->writer, kBlockBytes) != 0) {
      return Status::IoError(AvroError(file->path + ": cannot reopen for appending"));
    }
  } else {
    file->path =
        (std::filesystem::path(options_.out_dir) / RelativePath(key.first, key.second)).string();
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file->path).parent_path(), ec);
    if (ec) return Status::IoError(file->path + ": cannot create its directory: " + ec.message());
    if (std::filesystem::exists(file->path, ec)) {
      return Status::IoError(file->path + ": exists; not overwritten");
    }
    if (avro_file_writer_create_with_codec(file->path.c_str(), avro_->schema, &file->writer,
                                           options_.codec.c_str(), kBlockBytes) != 0) {
      return Status::IoError(AvroError(file->path + ": cannot create"));
    }
    created_[key] = file->path;
    files_.push_back(file->path);
  }
  OpenFile* raw = file.get();
  open_[key] = std::move(file);
  return raw;
}

Status CaptureWriter::CloseFile(const Key& key) {
  auto it = open_.find(key);
  if (it == open_.end()) return Status::Ok();
  const int rc = avro_file_writer_close(it->second->writer);
  const std::string path = it->second->path;
  open_.erase(it);
  if (rc != 0) return Status::IoError(AvroError(path + ": cannot be written"));
  return Status::Ok();
}

Status CaptureWriter::Append(const source::Envelope& e) {
  if (!avro_) return Status::Internal("CaptureWriter::Init() not called");
  std::optional<int64_t> ms = source::ParseUtcMillis(e.enqueued_time);
  if (!ms && e.timestamp_ms > 0) ms = e.timestamp_ms;
  if (!ms) ms = options_.default_time_ms;
  if (!ms) return Status::InvalidArgument("no enqueued time (give a default time)");
  const int32_t partition = e.partition >= 0 ? e.partition : 0;
  auto& [last_offset, last_sequence] = last_.try_emplace(partition, -1, -1).first->second;
  const int64_t offset = e.offset >= 0 ? e.offset : last_offset + 1;
  const int64_t sequence = e.sequence_number >= 0 ? e.sequence_number : last_sequence + 1;
  last_offset = offset;
  last_sequence = sequence;

  avro_value_t* v = &avro_->value;
  avro_value_reset(v);
  avro_value_t f, branch;
  const std::string offset_text = std::to_string(offset);
  const std::string time_text = source::FormatCaptureTime(*ms);
  bool ok = avro_value_get_by_name(v, "SequenceNumber", &f, nullptr) == 0 &&
            avro_value_set_long(&f, sequence) == 0 &&
            avro_value_get_by_name(v, "Offset", &f, nullptr) == 0 &&
            avro_value_set_string_len(&f, offset_text.c_str(), offset_text.size() + 1) == 0 &&
            avro_value_get_by_name(v, "EnqueuedTimeUtc", &f, nullptr) == 0 &&
            avro_value_set_string_len(&f, time_text.c_str(), time_text.size() + 1) == 0 &&
            avro_value_get_by_name(v, "Body", &f, nullptr) == 0 &&
            avro_value_set_branch(&f, 1, &branch) == 0 &&
            avro_value_set_bytes(&branch, const_cast<char*>(e.body.data()), e.body.size()) == 0;
  if (!ok) return Status::Internal(AvroError("cannot fill an EventData record"));
  size_t size = 0;
  if (avro_value_sizeof(v, &size) != 0 || size + 64 > kBlockBytes) {
    return Status::InvalidArgument("the event (" + std::to_string(e.body.size()) +
                                   " bytes) is larger than a block (" +
                                   std::to_string(kBlockBytes) + " bytes)");
  }
  const int64_t window =
      *ms - ((*ms % options_.window_ms) + options_.window_ms) % options_.window_ms;
  auto file = FileFor({partition, window});
  if (!file.ok()) return file.status();
  if (avro_file_writer_append_value((*file)->writer, v) != 0) {
    return Status::IoError(AvroError((*file)->path + ": cannot append"));
  }
  if (options_.block_events > 0 && ++(*file)->in_block >= options_.block_events) {
    (*file)->in_block = 0;
    if (avro_file_writer_flush((*file)->writer) != 0) {
      return Status::IoError(AvroError((*file)->path + ": cannot write a block"));
    }
  }
  return Status::Ok();
}

Status CaptureWriter::Close() {
  Status first = Status::Ok();
  while (!open_.empty()) {
    Status s = CloseFile(open_.begin()->first);
    if (first.ok() && !s.ok()) first = s;
  }
  return first;
}

}  // namespace bulwark::replay
