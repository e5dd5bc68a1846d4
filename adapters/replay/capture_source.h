// CaptureSource: `bulwark replay`'s EventSource, the events of a list of capture files (JSON
// Lines, see CaptureReader) read one file after another, then kEnd. A file that cannot be
// opened is reported to the listener, counted in open_failures() and skipped; the others are
// read. Positions in the files are reported as read but not committed anywhere.
//
// Thread-safety: Poll() on one thread; bytes_read() and open_failures() from any thread.
#ifndef BULWARK_ADAPTERS_REPLAY_CAPTURE_SOURCE_H_
#define BULWARK_ADAPTERS_REPLAY_CAPTURE_SOURCE_H_

#include <atomic>
#include <string>
#include <vector>

#include "replay/capture_reader.h"
#include "source/event_source.h"

namespace bulwark::replay {

class CaptureSource : public source::EventSource {
 public:
  // `paths` in reading order; "-" is stdin.
  explicit CaptureSource(std::vector<std::string> paths);

  std::string name() const override;
  void SetListener(source::SourceListener* listener) override { listener_ = listener; }
  bool tracks_positions() const override { return false; }
  source::PollStatus Poll(int timeout_ms, source::Envelope* out) override;
  void Acknowledge(int32_t, int64_t) override {}
  Status Commit() override { return Status::Ok(); }
  void Pause() override { paused_ = true; }
  void Resume() override { paused_ = false; }
  std::map<int32_t, int64_t> Lag() const override { return {}; }
  void Close() override {}

  // Total size of the regular files among the paths (0 when only stdin): the progress total.
  uint64_t total_bytes() const { return total_bytes_; }
  // Bytes consumed so far, over all files.
  uint64_t bytes_read() const { return done_bytes_.load() + current_bytes_.load(); }
  // Number of paths that could not be opened.
  size_t open_failures() const { return open_failures_.load(); }

 private:
  std::vector<std::string> paths_;
  size_t next_path_ = 0;
  CaptureReader reader_;
  bool reading_ = false;
  bool paused_ = false;
  source::SourceListener* listener_ = nullptr;
  uint64_t total_bytes_ = 0;
  std::atomic<uint64_t> done_bytes_{0};
  std::atomic<uint64_t> current_bytes_{0};
  std::atomic<size_t> open_failures_{0};
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_CAPTURE_SOURCE_H_
