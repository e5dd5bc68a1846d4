#include "replay/capture_reader.h"

#include "bulwark/parse_number.h"
#include "source/utc_time.h"

namespace bulwark::replay {

using nlohmann::json;

Status CaptureReader::Open(const std::string& path) {
  auto stream = OpenFileStream(path);
  if (!stream.ok()) {
    read_before_failure_ = 0;
    in_.reset();
    avro_.reset();
    return stream.status();
  }
  return Open(std::move(stream).value(), path == "-" ? "stdin" : path, -1);
}

Status CaptureReader::Open(std::unique_ptr<ByteStream> stream, std::string name,
                           int32_t partition) {
  name_ = std::move(name);
  line_ = 0;
  read_before_failure_ = 0;
  avro_.reset();
  in_ = std::make_unique<BufferedInput>(std::move(stream));
  Status s = Status::Ok();
  if (auto head = in_->Fill(kAvroMagic.size()); !head.ok()) {
    s = head.status();
  } else if (in_->Peek().substr(0, kAvroMagic.size()) == kAvroMagic) {
    avro_ = std::make_unique<AvroCaptureReader>();
    s = avro_->Open(in_.get(), name_, partition);
  }
  if (!s.ok()) {  // nothing more is read from it
    read_before_failure_ = in_->bytes_read();
    in_.reset();
    avro_.reset();
  }
  return s;
}

bool CaptureReader::Next(source::Envelope* envelope) {
  if (!in_) return false;
  if (avro_) return avro_->Next(envelope);
  std::string line;
  bool truncated = false;
  while (true) {
    auto more = in_->ReadLine(kMaxCaptureLine, &line, &truncated);
    if (!more.ok()) {
      *envelope = source::Envelope();
      envelope->source_kind = "replay";
      envelope->file = name_;
      envelope->line = line_ + 1;
      envelope->source_error = "capture_truncated";
      envelope->source_error_detail = more.status().message();
      in_.reset();
      return true;
    }
    if (!*more) return false;
    ++line_;
    if (truncated) {
      *envelope = source::Envelope();
      envelope->source_kind = "replay";
      envelope->file = name_;
      envelope->line = line_;
      envelope->source_error = "oversized";
      envelope->source_error_detail = name_ + ": line " + std::to_string(line_) +
                                      " is longer than " + std::to_string(kMaxCaptureLine) +
                                      " bytes";
      return true;
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    *envelope = EnvelopeFromLine(line, name_, line_);
    return true;
  }
}

namespace {

// The raw text of member `key` (its last occurrence) of the top-level object `text`, found in
// one linear scan: the body is passed on as the bytes of the file, never re-serialized
// (nlohmann's dump() recurses once per nesting level: a deeply nested body would overflow the
// stack). On text that is not valid JSON the span is some substring or empty: callers parse
// what they rely on.
std::string_view RawMember(std::string_view text, std::string_view key) {
  int depth = 0;
  bool in_string = false;
  size_t string_start = 0;
  std::string_view last_string;
  size_t value_start = std::string_view::npos;
  std::string_view found;  // the last occurrence: JSON readers keep a repeated key's last value
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        last_string = text.substr(string_start, i - string_start);
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']' || (c == ',' && depth == 1)) {
      if (depth == 1 && value_start != std::string_view::npos) {
        std::string_view v = text.substr(value_start, i - value_start);
        while (!v.empty() &&
               (v.back() == ' ' || v.back() == '\t' || v.back() == '\r' || v.back() == '\n')) {
          v.remove_suffix(1);
        }
        found = v;
        value_start = std::string_view::npos;
      }
      if (c != ',') --depth;
    } else if (c == ':' && depth == 1 && last_string == key) {
      value_start = i + 1;
      while (value_start < text.size() &&
             (text[value_start] == ' ' || text[value_start] == '\t' || text[value_start] == '\r' ||
              text[value_start] == '\n')) {
        ++value_start;
      }
    }
  }
  return found;
}

// Avro's JSON encoding of bytes (avro-tools tojson): each byte one code point U+0000..U+00FF.
// Text with higher code points is taken as UTF-8 as it is.
std::string BytesFromAvroJson(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c == 0xc2 || c == 0xc3) && i + 1 < s.size()) {
      out.push_back(
          static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3f)));
    } else {
      return s;
    }
  }
  return out;
}

void SetTime(source::Envelope* e, const std::string& text) {
  if (auto ms = source::ParseUtcMillis(text)) {
    e->timestamp_ms = *ms;
  }
}

}  // namespace

source::Envelope EnvelopeFromLine(const std::string& line, const std::string& file,
                                  uint64_t number) {
  source::Envelope e;
  e.source_kind = "replay";
  e.file = file;
  e.line = number;
  e.body = line;
  // Fast paths for the two common shapes, without building the large part as a DOM: a bare
  // body (the decoder parses it), and a wrapper whose body is JSON text, whose fields are read
  // from the line with the body replaced by a placeholder. Anything unusual (a repeated key,
  // text RawMember cannot delimit) takes the general path.
  if (!line.empty() && line[0] == '{' && !RawMember(line, "value").empty()) return e;
  std::string_view raw_body = RawMember(line, "body");
  json j;
  bool placeholder = false;
  if (!raw_body.empty() && (raw_body[0] == '{' || raw_body[0] == '[')) {
    std::string skeleton(line.data(), static_cast<size_t>(raw_body.data() - line.data()));
    skeleton += '0';
    skeleton.append(raw_body.data() + raw_body.size(), line.data() + line.size());
    j = json::parse(skeleton, nullptr, /*allow_exceptions=*/false);
    const auto it = j.is_object() ? j.find("body") : j.end();
    placeholder =
        it != j.end() && it->is_number_integer() && it->get<int64_t>() == 0 && !j.contains("value");
  }
  if (!placeholder) {
    j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object() || j.contains("value")) return e;
  }
  auto integer = [](const json& v) -> int64_t {
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_string()) return ParseInteger<int64_t>(v.get<std::string>(), 0).value_or(-1);
    return -1;
  };
  if (auto it = j.find("body"); it != j.end()) {  // our wrapper, kcat -f
    if (it->is_string()) {
      e.body = it->get<std::string>();
    } else {
      e.body = std::string(placeholder ? raw_body : RawMember(line, "body"));
    }
    if (auto p = j.find("partition"); p != j.end() && p->is_number_integer()) {
      e.partition = p->get<int32_t>();
    }
    if (auto o = j.find("offset"); o != j.end()) e.offset = integer(*o);
    if (auto t = j.find("enqueued_time"); t != j.end() && t->is_string()) {
      e.enqueued_time = t->get<std::string>();
      SetTime(&e, e.enqueued_time);
    }
  } else if (auto pl = j.find("payload"); pl != j.end() && j.contains("topic")) {  // kcat -J
    e.body = pl->is_string() ? pl->get<std::string>() : std::string();
    if (auto p = j.find("partition"); p != j.end() && p->is_number_integer()) {
      e.partition = p->get<int32_t>();
    }
    if (auto o = j.find("offset"); o != j.end()) e.offset = integer(*o);
    if (auto ts = j.find("ts");
        ts != j.end() && ts->is_number_integer() && ts->get<int64_t>() > 0) {
      e.timestamp_ms = ts->get<int64_t>();
      e.enqueued_time = source::FormatUtcMillis(e.timestamp_ms);
    }
  } else if (auto b = j.find("Body"); b != j.end() && j.contains("EnqueuedTimeUtc")) {
    // A Capture record in Avro's JSON encoding; a union's value is {"bytes": "..."}.
    const json* body = &*b;
    if (body->is_object() && body->contains("bytes")) body = &(*body)["bytes"];
    e.body = body->is_string() ? BytesFromAvroJson(body->get<std::string>()) : std::string();
    if (auto o = j.find("Offset"); o != j.end()) e.offset = integer(*o);
    if (auto s = j.find("SequenceNumber"); s != j.end() && s->is_number_integer()) {
      e.sequence_number = s->get<int64_t>();
    }
    if (const json& t = j["EnqueuedTimeUtc"]; t.is_string()) {
      SetTime(&e, t.get<std::string>());
      e.enqueued_time = e.timestamp_ms > 0 ? source::FormatUtcMillis(e.timestamp_ms)
                                           : t.get<std::string>().substr(0, 64);
    }
  }
  return e;
}

}  // namespace bulwark::replay
