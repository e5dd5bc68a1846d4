// CaptureSource: `bulwark replay`'s EventSource, the events of a list of capture inputs read one
// after another, then kEnd. An input is a file (JSON Lines or a Capture Avro file, recognised by
// content; "-" is stdin), a directory (every regular file under it whose name does not start
// with '.', in path order: the Capture layout sorts by partition, then time), or a Blob Storage
// location (see ParseBlobUrl), listed a page at a time and read in ranges, so memory stays
// bounded however large the container.
//
// An input that cannot be opened is reported to the listener, counted in open_failures() and
// skipped; a damaged block or line is a dead-letter envelope (and reported); the rest is read.
// The filter drops files by their Capture path before they are opened or downloaded, then
// events by their partition and enqueued time. Positions are informational, never committed.
//
// Thread-safety: Prepare() and Poll() on one thread; the counters from any thread.
#ifndef BULWARK_ADAPTERS_REPLAY_CAPTURE_SOURCE_H_
#define BULWARK_ADAPTERS_REPLAY_CAPTURE_SOURCE_H_

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "blob/blob_client.h"
#include "replay/capture_inputs.h"
#include "replay/capture_reader.h"
#include "source/event_source.h"

namespace bulwark::replay {

struct CaptureSourceOptions {
  CaptureFilter filter;
  // Blob Storage inputs: the account's Shared Key (base64) or a SAS token, one of them.
  std::string storage_key;
  std::string storage_sas;
  std::string ca_bundle;   // PEM file of trusted CAs; empty: the system's
  int list_page_size = 0;  // blobs per List Blobs page; 0: the service's default (5,000)
};

class CaptureSource : public source::EventSource {
 public:
  // `inputs` in reading order.
  explicit CaptureSource(std::vector<std::string> inputs, CaptureSourceOptions options = {});
  ~CaptureSource() override;

  // Expands directories and checks Blob Storage locations and their credential: an error names
  // the input. Once; the first Poll() calls it if the owner did not (reporting an error to the
  // listener and ending).
  [[nodiscard]] Status Prepare();

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

  // Size of the inputs known so far (local files, and blobs listed so far): the progress total.
  // total_known() turns true when every listing is complete (stdin never counts).
  uint64_t total_bytes() const { return total_bytes_.load(); }
  bool total_known() const { return listings_open_.load() == 0; }
  // Bytes consumed so far, over all inputs.
  uint64_t bytes_read() const { return done_bytes_.load() + current_bytes_.load(); }
  size_t open_failures() const { return open_failures_.load(); }
  // Damaged blocks or lines (each also a dead-letter record).
  size_t damaged() const { return damaged_.load(); }
  // Files skipped by their path, and events the filter left out: outside the window or the
  // partitions, or without the enqueued time or partition it needs.
  size_t files_skipped() const { return files_skipped_.load(); }
  size_t events_outside() const { return events_outside_.load(); }
  size_t events_unknown() const { return events_unknown_.load(); }

 private:
  struct Item {
    std::string name;  // a path, or the blob's URL
    std::string path;  // local path; for a blob, its name in the container
    size_t input = 0;  // index in inputs_
    uint64_t size = 0;
  };
  struct Input;

  // The next item to read, listing the next page of a Blob input when needed. False when
  // every input is exhausted.
  bool NextItem(Item* item);
  Status OpenItem(const Item& item);
  void Report(const std::string& message);

  std::vector<std::string> specs_;
  CaptureSourceOptions options_;
  std::vector<std::unique_ptr<Input>> inputs_;
  size_t next_input_ = 0;
  std::deque<Item> pending_;
  CaptureReader reader_;
  bool prepared_ = false;
  bool reading_ = false;
  uint64_t current_item_size_ = 0;
  bool paused_ = false;
  source::SourceListener* listener_ = nullptr;
  std::atomic<uint64_t> total_bytes_{0};
  std::atomic<int> listings_open_{0};
  std::atomic<uint64_t> done_bytes_{0};
  std::atomic<uint64_t> current_bytes_{0};
  std::atomic<size_t> open_failures_{0};
  std::atomic<size_t> damaged_{0};
  std::atomic<size_t> files_skipped_{0};
  std::atomic<size_t> events_outside_{0};
  std::atomic<size_t> events_unknown_{0};
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_CAPTURE_SOURCE_H_
