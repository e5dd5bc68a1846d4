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
    e.body = body.dump();
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
