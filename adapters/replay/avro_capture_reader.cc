#include "replay/avro_capture_reader.h"

#include <avro.h>
#include <zlib.h>

#include <map>

#include "bulwark/parse_number.h"
#include "replay/avro_encoding.h"
#include "replay/avro_memory.h"
#include "source/utc_time.h"

namespace bulwark::replay {

const char kCaptureSchemaJson[] = R"({"type":"record","name":"EventData",)"
                                  R"("namespace":"Microsoft.ServiceBus.Messaging","fields":[)"
                                  R"({"name":"SequenceNumber","type":"long"},)"
                                  R"({"name":"Offset","type":"string"},)"
                                  R"({"name":"EnqueuedTimeUtc","type":"string"},)"
                                  R"({"name":"SystemProperties","type":{"type":"map",)"
                                  R"("values":["long","double","string","bytes"]}},)"
                                  R"({"name":"Properties","type":{"type":"map",)"
                                  R"("values":["long","double","string","bytes","null"]}},)"
                                  R"({"name":"Body","type":["null","bytes"]}]})";

namespace {

constexpr size_t kSyncSize = 16;
constexpr int64_t kMaxBlockBytes = 64ll << 20;
constexpr size_t kMaxInflatedBytes = 256u << 20;
constexpr int64_t kMaxHeaderBytes = 1 << 20;
// A marker with at most this many bytes changed is taken as damaged in place.
constexpr size_t kMarkerDamageBytes = 4;

// The value itself, or its current branch when it is a union.
bool Unwrap(avro_value_t* v, avro_value_t* out) {
  if (avro_value_get_type(v) == AVRO_UNION) return avro_value_get_current_branch(v, out) == 0;
  *out = *v;
  return true;
}

bool Field(avro_value_t* record, const char* name, avro_value_t* out) {
  avro_value_t f;
  if (avro_value_get_by_name(record, name, &f, nullptr) != 0) return false;
  return Unwrap(&f, out);
}

bool StringField(avro_value_t* record, const char* name, std::string* out) {
  avro_value_t f;
  if (!Field(record, name, &f)) return false;
  const char* s = nullptr;
  size_t n = 0;
  if (avro_value_get_type(&f) == AVRO_STRING && avro_value_get_string(&f, &s, &n) == 0) {
    out->assign(s, n > 0 ? n - 1 : 0);  // Avro C counts the terminating NUL
    return true;
  }
  return false;
}

bool Inflate(std::string_view in, std::string* out, std::string* why) {
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) {  // raw deflate (RFC 1951), as the Avro spec says
    *why = "cannot start inflating";
    return false;
  }
  out->clear();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (out->size() >= kMaxInflatedBytes) {
      *why = "inflates to more than " + std::to_string(kMaxInflatedBytes) + " bytes";
      break;
    }
    const size_t old = out->size();
    out->resize(std::min(kMaxInflatedBytes, std::max<size_t>(old * 2, in.size() * 4 + 4096)));
    z.next_out = reinterpret_cast<Bytef*>(out->data() + old);
    z.avail_out = static_cast<uInt>(out->size() - old);
    rc = inflate(&z, Z_NO_FLUSH);
    out->resize(out->size() - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      *why = "deflate data ends early";
      break;
    }
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      *why = std::string("deflate data is invalid (") + (z.msg ? z.msg : "zlib error") + ")";
      break;
    }
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END;
}

}  // namespace

struct AvroCaptureReader::Avro {
  avro_schema_t schema = nullptr;
  avro_value_iface_t* iface = nullptr;
  avro_value_t value{};
  bool has_value = false;
  avro_reader_t reader = nullptr;

  ~Avro() {
    if (reader) avro_reader_free(reader);
    if (has_value) avro_value_decref(&value);
    if (iface) avro_value_iface_decref(iface);
    if (schema) avro_schema_decref(schema);
  }
};

AvroCaptureReader::AvroCaptureReader() { BoundAvroAllocations(); }
AvroCaptureReader::~AvroCaptureReader() = default;

Status AvroCaptureReader::Open(BufferedInput* in, std::string name, int32_t partition) {
  in_ = in;
  name_ = std::move(name);
  partition_ = partition;
  avro_ = std::make_unique<Avro>();
  done_ = false;
  remaining_ = 0;
  record_ = 0;
  damaged_ = 0;
  return ReadHeader();
}

Status AvroCaptureReader::ReadHeader() {
  auto bad = [this](const std::string& why) {
    return Status::InvalidArgument(name_ + ": not a readable Event Hubs Capture file: " + why +
                                   " (header, byte " + std::to_string(in_->position()) + ")");
  };
  auto fill = in_->Fill(kAvroMagic.size());
  if (!fill.ok()) return fill.status();
  if (in_->Peek().substr(0, kAvroMagic.size()) != kAvroMagic) return bad("no Avro magic");
  in_->Consume(kAvroMagic.size());
  std::map<std::string, std::string> meta;
  auto read_long = [&](int64_t* v) -> bool {
    if (!in_->Fill(10).ok()) return false;
    const size_t n = ReadLong(in_->Peek(), v);
    in_->Consume(n);
    return n > 0;
  };
  auto read_bytes = [&](std::string* out) -> bool {
    int64_t len = 0;
    if (!read_long(&len) || len < 0 || len > kMaxHeaderBytes) return false;
    auto f = in_->Fill(static_cast<size_t>(len));
    if (!f.ok() || *f < static_cast<size_t>(len)) return false;
    out->assign(in_->Peek().substr(0, static_cast<size_t>(len)));
    in_->Consume(static_cast<size_t>(len));
    return true;
  };
  uint64_t header_bytes = 0;
  while (true) {
    int64_t count = 0;
    if (!read_long(&count)) return bad("metadata is cut short");
    if (count == 0) break;
    if (count < 0) {  // a negative count is followed by the block's size in bytes
      int64_t size = 0;
      if (count == INT64_MIN || !read_long(&size)) return bad("metadata is malformed");
      count = -count;
    }
    for (int64_t i = 0; i < count; ++i) {
      std::string key, value;
      if (!read_bytes(&key) || !read_bytes(&value)) return bad("metadata entry is malformed");
      header_bytes += key.size() + value.size();
      if (header_bytes > static_cast<uint64_t>(kMaxHeaderBytes)) return bad("metadata over 1 MiB");
      meta[key] = std::move(value);
    }
  }
  auto f = in_->Fill(kSyncSize);
  if (!f.ok()) return f.status();
  if (*f < kSyncSize) return bad("no sync marker");
  sync_.assign(in_->Peek().substr(0, kSyncSize));
  in_->Consume(kSyncSize);

  const std::string codec = meta.count("avro.codec") ? meta["avro.codec"] : "null";
  if (codec == "deflate") {
    deflate_ = true;
  } else if (codec == "null") {
    deflate_ = false;
  } else {
    return bad("codec '" + codec.substr(0, 40) + "' is not supported (null and deflate are)");
  }
  const auto schema_it = meta.find("avro.schema");
  if (schema_it == meta.end()) return bad("no avro.schema in the header");
  if (avro_schema_from_json_length(schema_it->second.data(), schema_it->second.size(),
                                   &avro_->schema) != 0) {
    return bad(std::string("the schema does not parse (") + avro_strerror() + ")");
  }
  avro_schema_t body =
      is_avro_record(avro_->schema) ? avro_schema_record_field_get(avro_->schema, "Body") : nullptr;
  bool body_ok = body != nullptr && is_avro_bytes(body);
  if (body != nullptr && is_avro_union(body)) {
    for (size_t i = 0; i < avro_schema_union_size(body); ++i) {
      body_ok = body_ok || is_avro_bytes(avro_schema_union_branch(body, static_cast<int>(i)));
    }
  }
  if (!body_ok) return bad("the schema is not a record with a bytes Body (EventData)");
  if (!BoundedSchema(avro_->schema, 0)) {
    return bad("the schema has recursive types or arrays of empty items");
  }
  avro_->iface = avro_generic_class_from_schema(avro_->schema);
  if (avro_->iface == nullptr || avro_generic_value_new(avro_->iface, &avro_->value) != 0) {
    return bad(std::string("the schema cannot be decoded (") + avro_strerror() + ")");
  }
  avro_->has_value = true;
  avro_->reader = avro_reader_memory(nullptr, 0);
  return Status::Ok();
}

source::Envelope AvroCaptureReader::Base() const {
  source::Envelope e;
  e.source_kind = "replay";
  e.file = name_;
  e.partition = partition_;
  return e;
}

void AvroCaptureReader::Damaged(std::string_view reason, uint64_t at, const std::string& why,
                                source::Envelope* out) {
  ++damaged_;
  *out = Base();
  out->source_error = std::string(reason);
  out->source_error_detail = name_ + ": block at byte " + std::to_string(at) + ": " + why;
}

void AvroCaptureReader::Resync() {
  in_->Consume(1);  // past the start of the damaged block
  while (true) {
    auto f = in_->Fill(256 * 1024);
    if (!f.ok() || *f < kSyncSize) {
      in_->Consume(f.ok() ? *f : 0);
      done_ = true;
      return;
    }
    const std::string_view avail = in_->Peek();
    const size_t at = avail.find(sync_);
    if (at != std::string_view::npos) {
      in_->Consume(at + kSyncSize);
      return;
    }
    in_->Consume(avail.size() - (kSyncSize - 1));  // a marker may straddle the next read
  }
}

bool AvroCaptureReader::NextBlock(source::Envelope* error) {
  block_offset_ = in_->position();
  auto f = in_->Fill(20);
  if (!f.ok()) {
    Damaged("capture_truncated", block_offset_, f.status().message(), error);
    done_ = true;
    return true;
  }
  if (*f == 0) {
    done_ = true;
    return false;
  }
  int64_t count = 0, size = 0;
  const std::string_view head = in_->Peek();
  const size_t n1 = ReadLong(head, &count);
  const size_t n2 = n1 == 0 ? 0 : ReadLong(head.substr(n1), &size);
  if (n1 == 0 || n2 == 0) {
    if (*f < 20) {
      Damaged("capture_truncated", block_offset_, "the file ends inside a block header", error);
      done_ = true;
    } else {
      Damaged("capture_corrupt", block_offset_, "the block header is not two varints", error);
      Resync();
    }
    return true;
  }
  if (count <= 0 || size <= 0 || size > kMaxBlockBytes || count > size) {
    Damaged("capture_corrupt", block_offset_,
            "the block header declares " + std::to_string(count) + " records in " +
                std::to_string(size) + " bytes",
            error);
    Resync();
    return true;
  }
  const size_t total = n1 + n2 + static_cast<size_t>(size) + kSyncSize;
  f = in_->Fill(total);
  if (!f.ok() || *f < total) {
    Damaged("capture_truncated", block_offset_,
            "the file ends at byte " + std::to_string(block_offset_ + (f.ok() ? *f : 0)) +
                " inside a block of " + std::to_string(size) + " bytes (" + std::to_string(count) +
                " records lost)",
            error);
    in_->Consume(f.ok() ? *f : 0);
    done_ = true;
    return true;
  }
  const std::string_view data = in_->Peek().substr(n1 + n2, static_cast<size_t>(size));
  const std::string_view marker =
      in_->Peek().substr(n1 + n2 + static_cast<size_t>(size), kSyncSize);
  if (marker != sync_) {
    size_t differ = 0;
    for (size_t i = 0; i < kSyncSize; ++i) differ += marker[i] != sync_[i];
    if (differ <= kMarkerDamageBytes) {
      // The block's framing lands on the marker with a few bytes changed: the marker itself
      // is damaged (16 random bytes do not come this close by chance). The block is not
      // trusted, but the next one starts right after it.
      Damaged("capture_corrupt", block_offset_,
              "the sync marker after the block's " + std::to_string(size) + " bytes is damaged (" +
                  std::to_string(differ) + " of 16 bytes differ; " + std::to_string(count) +
                  " records not trusted, skipped)",
              error);
      in_->Consume(total);
      return true;
    }
    Damaged("capture_corrupt", block_offset_,
            "no sync marker after the block's " + std::to_string(size) + " bytes (up to " +
                std::to_string(count) + " records lost)",
            error);
    Resync();
    return true;
  }
  std::string why;
  if (deflate_ && !Inflate(data, &block_, &why)) {
    Damaged("capture_corrupt", block_offset_, why + " (" + std::to_string(count) + " records lost)",
            error);
    in_->Consume(total);
    return true;
  }
  if (!deflate_) block_.assign(data);
  in_->Consume(total);
  avro_reader_memory_set_source(avro_->reader, block_.data(), static_cast<int64_t>(block_.size()));
  remaining_ = count;
  decoded_bytes_ = 0;
  return false;
}

bool AvroCaptureReader::Next(source::Envelope* out) {
  if (!tail_error_.empty()) {
    Damaged("capture_corrupt", block_offset_, tail_error_, out);
    tail_error_.clear();
    return true;
  }
  while (remaining_ == 0) {
    if (done_) return false;
    if (NextBlock(out)) return true;
    if (done_) return false;
  }
  avro_value_reset(&avro_->value);
  ++record_;
  // Our own bounds-checked walk first; Avro C decodes only a record that passed it.
  size_t end = decoded_bytes_;
  std::string why;
  const bool valid = SkipEncodedValue(avro_->schema, block_, &end, &why);
  if (!valid || avro_value_read(avro_->reader, &avro_->value) != 0) {
    const int64_t lost = remaining_;
    remaining_ = 0;
    Damaged("capture_corrupt", block_offset_,
            "record " + std::to_string(record_) + " does not decode (" +
                (valid ? std::string(avro_strerror()) : why) + "; " + std::to_string(lost) +
                " records of the block lost)",
            out);
    record_ += static_cast<uint64_t>(lost - 1);
    return true;
  }
  --remaining_;
  decoded_bytes_ = end;
  if (remaining_ == 0 && decoded_bytes_ != block_.size()) {
    // The records end before the block does: what follows would go unread, unexamined. This
    // record is delivered; the next call reports the rest.
    tail_error_ = std::to_string(block_.size() - decoded_bytes_) +
                  " bytes follow the block's last declared record (record " +
                  std::to_string(record_) + ") and were not read";
  }
  *out = Base();
  out->record = record_;
  avro_value_t body;
  if (Field(&avro_->value, "Body", &body) && avro_value_get_type(&body) == AVRO_BYTES) {
    const void* buf = nullptr;
    size_t n = 0;
    if (avro_value_get_bytes(&body, &buf, &n) == 0 && n > 0) {
      out->body.assign(static_cast<const char*>(buf), n);
    }
  }
  avro_value_t seq;
  int64_t number = 0;
  if (Field(&avro_->value, "SequenceNumber", &seq) && avro_value_get_type(&seq) == AVRO_INT64 &&
      avro_value_get_long(&seq, &number) == 0) {
    out->sequence_number = number;
  }
  std::string text;
  if (StringField(&avro_->value, "Offset", &text)) {
    out->offset = ParseInteger<int64_t>(text, 0).value_or(-1);
  }
  if (StringField(&avro_->value, "EnqueuedTimeUtc", &text)) {
    if (auto ms = source::ParseUtcMillis(text)) {
      out->timestamp_ms = *ms;
      out->enqueued_time = source::FormatUtcMillis(*ms);
    } else {
      out->enqueued_time = text.substr(0, 64);
    }
  }
  return true;
}

}  // namespace bulwark::replay
