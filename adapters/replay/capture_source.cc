#include "replay/capture_source.h"

#include <algorithm>
#include <filesystem>

namespace bulwark::replay {

struct CaptureSource::Input {
  std::vector<Item> files;  // local inputs: expanded by Prepare()
  // Blob Storage inputs: listed a page at a time.
  std::unique_ptr<blob::BlobClient> client;
  BlobLocation location;
  std::string marker;
  bool listed = false;
};

CaptureSource::CaptureSource(std::vector<std::string> inputs, CaptureSourceOptions options)
    : specs_(std::move(inputs)), options_(std::move(options)) {}

CaptureSource::~CaptureSource() = default;

std::string CaptureSource::name() const {
  return "capture:" + std::to_string(specs_.size()) + (specs_.size() == 1 ? " input" : " inputs");
}

Status CaptureSource::Prepare() {
  namespace fs = std::filesystem;
  if (prepared_) return Status::Ok();
  prepared_ = true;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const std::string& spec = specs_[i];
    auto input = std::make_unique<Input>();
    if (LooksLikeBlobUrl(spec)) {
      auto loc = ParseBlobUrl(spec);
      if (!loc.ok()) return loc.status();
      blob::BlobOptions bo;
      bo.account_url = loc->account_url;
      bo.shared_key = options_.storage_key;
      bo.sas = options_.storage_sas;
      bo.ca_bundle = options_.ca_bundle;
      auto client = blob::BlobClient::Create(bo);
      if (!client.ok()) return Status::InvalidArgument(spec + ": " + client.status().message());
      input->client = std::move(client).value();
      input->location = std::move(loc).value();
      ++listings_open_;
    } else {
      std::error_code ec;
      if (spec != "-" && fs::is_directory(spec, ec)) {
        std::vector<fs::path> paths;
        for (auto it = fs::recursive_directory_iterator(spec, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          if (it->path().filename().string().rfind('.', 0) == 0) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
          }
          if (it->is_regular_file()) paths.push_back(it->path());
        }
        if (ec) return Status::IoError("cannot list " + spec + ": " + ec.message());
        std::sort(paths.begin(), paths.end());
        for (const fs::path& p : paths) {
          const std::string rel = fs::relative(p, spec, ec).generic_string();
          if (!options_.filter.MayAdmitFile(rel)) {
            ++files_skipped_;
            continue;
          }
          const uintmax_t size = fs::file_size(p, ec);
          input->files.push_back({p.string(), p.string(), i, ec ? 0 : size});
          total_bytes_ += ec ? 0 : size;
        }
      } else {
        const uintmax_t size = spec == "-" ? 0 : fs::file_size(spec, ec);
        input->files.push_back({spec, spec, i, ec ? 0 : size});
        total_bytes_ += ec ? 0 : size;
      }
    }
    inputs_.push_back(std::move(input));
  }
  return Status::Ok();
}

void CaptureSource::Report(const std::string& message) {
  if (listener_ != nullptr) listener_->OnSourceError(message);
}

bool CaptureSource::NextItem(Item* item) {
  while (pending_.empty()) {
    if (next_input_ >= inputs_.size()) return false;
    Input& in = *inputs_[next_input_];
    if (!in.client) {
      pending_.assign(in.files.begin(), in.files.end());
      in.files.clear();
      ++next_input_;
      continue;
    }
    if (in.listed) {
      ++next_input_;
      continue;
    }
    auto page = in.client->List(in.location.container, in.location.prefix, in.marker,
                                options_.list_page_size);
    if (!page.ok()) {
      ++open_failures_;
      Report(page.status().message());
      in.listed = true;
      --listings_open_;
      continue;
    }
    for (blob::BlobItem& b : page->items) {
      // Zero-length blobs are directory markers (hierarchical namespace), never captures.
      if (b.size == 0) continue;
      if (!options_.filter.MayAdmitFile(b.name)) {
        ++files_skipped_;
        continue;
      }
      total_bytes_ += b.size;
      pending_.push_back({in.location.account_url + "/" + in.location.container + "/" + b.name,
                          b.name, next_input_, b.size});
    }
    in.marker = page->next_marker;
    if (in.marker.empty()) {
      in.listed = true;
      --listings_open_;
    }
  }
  *item = std::move(pending_.front());
  pending_.pop_front();
  return true;
}

Status CaptureSource::OpenItem(const Item& item) {
  const Input& in = *inputs_[item.input];
  const int32_t partition = ParseCapturePath(in.client ? item.path : item.name).partition;
  if (in.client) {
    return reader_.Open(
        std::make_unique<BlobStream>(in.client.get(), in.location.container, item.path, item.size),
        item.name, partition);
  }
  auto stream = OpenFileStream(item.path);
  if (!stream.ok()) return stream.status();
  return reader_.Open(std::move(stream).value(), item.path == "-" ? "stdin" : item.name, partition);
}

source::PollStatus CaptureSource::Poll(int /*timeout_ms*/, source::Envelope* out) {
  if (paused_) return source::PollStatus::kIdle;
  if (!prepared_) {
    if (Status s = Prepare(); !s.ok()) {
      ++open_failures_;
      Report(s.message());
      inputs_.clear();
    }
  }
  while (true) {
    if (!reading_) {
      Item item;
      if (!NextItem(&item)) return source::PollStatus::kEnd;
      if (Status s = OpenItem(item); !s.ok()) {
        ++open_failures_;
        done_bytes_ += item.size;  // counted as read: the progress total includes it
        Report(s.message());
        continue;
      }
      current_item_size_ = item.size;
      reading_ = true;
    }
    if (reader_.Next(out)) {
      current_bytes_ = reader_.bytes_read();
      if (!out->source_error.empty()) {
        ++damaged_;
        Report(out->source_error_detail.empty() ? out->source_error : out->source_error_detail);
        return source::PollStatus::kEvent;
      }
      switch (options_.filter.Check(*out)) {
        case CaptureFilter::Decision::kAdmit:
          return source::PollStatus::kEvent;
        case CaptureFilter::Decision::kOutside:
          ++events_outside_;
          continue;
        case CaptureFilter::Decision::kUnknown:
          ++events_unknown_;
          continue;
      }
    }
    done_bytes_ += std::max(reader_.bytes_read(), current_item_size_);
    current_bytes_ = 0;
    reading_ = false;
  }
}

}  // namespace bulwark::replay
