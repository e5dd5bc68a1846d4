#include "replay/capture_reader.h"

#include <iostream>

#include "bulwark/parse_number.h"

namespace bulwark::replay {

using nlohmann::json;

Status CaptureReader::Open(const std::string& path) {
  path_ = path;
  line_ = 0;
  bytes_ = 0;
  if (path == "-") {
    in_ = &std::cin;
    return Status::Ok();
  }
  if (file_.is_open()) file_.close();
  file_.clear();
  file_.open(path, std::ios::binary);
  if (!file_) return Status::IoError("cannot open capture " + path);
  in_ = &file_;
  return Status::Ok();
}

bool CaptureReader::Next(source::Envelope* envelope) {
  std::string line;
  while (std::getline(*in_, line)) {
    ++line_;
    bytes_ += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    *envelope = EnvelopeFromLine(line, path_, line_);
    return true;
  }
  return false;
}

namespace {

// The raw text of member `key` of the top-level object `text` (valid JSON, as parsed already),
// found in one linear scan: the body is passed on as the bytes of the file, never re-serialized
// (nlohmann's dump() recurses once per nesting level: a deeply nested body would overflow the
// stack).
std::string_view RawMember(std::string_view text, std::string_view key) {
  int depth = 0;
  bool in_string = false;
  size_t string_start = 0;
  std::string_view last_string;
  size_t value_start = std::string_view::npos;
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
        return v;
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
  return {};
}

}  // namespace

source::Envelope EnvelopeFromLine(const std::string& line, const std::string& file,
                                  uint64_t number) {
  source::Envelope e;
  e.source_kind = "replay";
  e.file = file;
  e.line = number;
  e.body = line;
  const json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("body") || j.contains("value")) return e;
  const json& body = j["body"];
  if (body.is_string()) {
    e.body = body.get<std::string>();
  } else {
    e.body = std::string(RawMember(line, "body"));
  }
  if (auto it = j.find("partition"); it != j.end() && it->is_number_integer()) {
    e.partition = it->get<int32_t>();
  }
  if (auto it = j.find("offset"); it != j.end()) {
    if (it->is_number_integer()) {
      e.offset = it->get<int64_t>();
    } else if (it->is_string()) {
      e.offset = ParseInteger<int64_t>(it->get<std::string>(), 0).value_or(-1);
    }
  }
  if (auto it = j.find("enqueued_time"); it != j.end() && it->is_string()) {
    e.enqueued_time = it->get<std::string>();
  }
  return e;
}

}  // namespace bulwark::replay
