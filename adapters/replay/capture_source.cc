#include "replay/capture_source.h"

#include <filesystem>

namespace bulwark::replay {

CaptureSource::CaptureSource(std::vector<std::string> paths) : paths_(std::move(paths)) {
  for (const std::string& p : paths_) {
    std::error_code ec;
    if (p == "-") continue;
    const uintmax_t size = std::filesystem::file_size(p, ec);
    if (!ec) total_bytes_ += size;
  }
}

std::string CaptureSource::name() const {
  return "capture:" + std::to_string(paths_.size()) + (paths_.size() == 1 ? " file" : " files");
}

source::PollStatus CaptureSource::Poll(int /*timeout_ms*/, source::Envelope* out) {
  if (paused_) return source::PollStatus::kIdle;
  while (true) {
    if (!reading_) {
      if (next_path_ >= paths_.size()) return source::PollStatus::kEnd;
      const std::string& path = paths_[next_path_++];
      if (Status s = reader_.Open(path); !s.ok()) {
        ++open_failures_;
        if (listener_ != nullptr) listener_->OnSourceError(s.message());
        continue;
      }
      reading_ = true;
    }
    if (reader_.Next(out)) {
      current_bytes_ = reader_.bytes_read();
      return source::PollStatus::kEvent;
    }
    done_bytes_ += reader_.bytes_read();
    current_bytes_ = 0;
    reading_ = false;
  }
}

}  // namespace bulwark::replay
