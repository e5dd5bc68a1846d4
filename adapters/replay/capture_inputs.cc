#include "replay/capture_inputs.h"

#include <cstring>
#include <vector>

#include "source/utc_time.h"

namespace bulwark::replay {
namespace {

bool AllDigits(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int64_t Number(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

CapturePathInfo ParseCapturePath(std::string_view path) {
  CapturePathInfo out;
  if (path.size() > 5 && path.substr(path.size() - 5) == ".avro") path.remove_suffix(5);
  std::vector<std::string_view> parts;
  while (!path.empty() && parts.size() < 7) {
    const size_t slash = path.rfind('/');
    parts.push_back(slash == std::string_view::npos ? path : path.substr(slash + 1));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  }
  if (parts.size() < 7) return out;
  // parts: second, minute, hour, day, month, year, partition
  if (!AllDigits(parts[6], 1, 9) || !AllDigits(parts[5], 4, 4)) return out;
  for (int i = 0; i < 5; ++i) {
    if (!AllDigits(parts[static_cast<size_t>(i)], 1, 2)) return out;
  }
  const int64_t sec = Number(parts[0]), min = Number(parts[1]), hour = Number(parts[2]),
                day = Number(parts[3]), month = Number(parts[4]), year = Number(parts[5]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) {
    return out;
  }
  out.partition = static_cast<int32_t>(Number(parts[6]));
  out.window_ms =
      ((source::DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 24 +
        hour) *
           60 +
       min) *
          60000 +
      sec * 1000;
  return out;
}

bool CaptureFilter::MayAdmitFile(std::string_view path) const {
  if (!active()) return true;
  const CapturePathInfo info = ParseCapturePath(path);
  if (info.partition < 0) return true;  // not the layout: decide per event
  if (!partitions.empty() && partitions.count(info.partition) == 0) return false;
  if (to_ms && info.window_ms - kCaptureClockSlackMs >= *to_ms) return false;
  if (from_ms && info.window_ms + kCaptureWindowBoundMs < *from_ms) return false;
  return true;
}

CaptureFilter::Decision CaptureFilter::Check(const source::Envelope& e) const {
  if (!partitions.empty()) {
    if (e.partition < 0) return Decision::kUnknown;
    if (partitions.count(e.partition) == 0) return Decision::kOutside;
  }
  if (from_ms || to_ms) {
    int64_t t = e.timestamp_ms;
    if (t <= 0 && !e.enqueued_time.empty()) t = source::ParseUtcMillis(e.enqueued_time).value_or(0);
    if (t <= 0) return Decision::kUnknown;
    if ((from_ms && t < *from_ms) || (to_ms && t >= *to_ms)) return Decision::kOutside;
  }
  return Decision::kAdmit;
}

bool LooksLikeBlobUrl(std::string_view input) {
  for (const char* scheme : {"https://", "http://", "abfss://", "abfs://", "wasbs://", "wasb://"}) {
    if (input.substr(0, std::strlen(scheme)) == scheme) return true;
  }
  return false;
}

Result<BlobLocation> ParseBlobUrl(std::string_view url) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("'" + std::string(url) +
                                   "' is not a Blob Storage location: " + why);
  };
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("no scheme");
  const std::string_view scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  const size_t slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  BlobLocation out;
  auto blob_endpoint = [](std::string_view account) {
    return "https://" + std::string(account) + ".blob.core.windows.net";
  };
  if (scheme == "abfss" || scheme == "abfs" || scheme == "wasbs" || scheme == "wasb") {
    const size_t at = host.find('@');
    if (at == std::string_view::npos || at == 0)
      return bad("expected <container>@<account>.<host>");
    out.container = std::string(host.substr(0, at));
    const std::string_view account_host = host.substr(at + 1);
    const size_t dot = account_host.find('.');
    if (dot == 0 || dot == std::string_view::npos) return bad("no account in the host");
    out.account_url = blob_endpoint(account_host.substr(0, dot));
    out.prefix = std::string(path);
    return out;
  }
  if (scheme != "https" && scheme != "http") return bad("unknown scheme");
  const std::string_view bare_host = host.substr(0, host.find(':'));
  const bool path_style = bare_host == "localhost" ||
                          bare_host.find_first_not_of("0123456789.") == std::string_view::npos ||
                          (!bare_host.empty() && bare_host.front() == '[');
  if (path_style) {
    const size_t a = path.find('/');
    if (a == std::string_view::npos || a == 0) return bad("expected /<account>/<container>");
    out.account_url =
        std::string(scheme) + "://" + std::string(host) + "/" + std::string(path.substr(0, a));
    path = path.substr(a + 1);
  } else {
    const size_t dot = host.find('.');
    if (dot == std::string_view::npos || dot == 0) return bad("no account in the host");
    const std::string_view service = host.substr(dot + 1);
    if (service.substr(0, 4) == "dfs.") {
      out.account_url = blob_endpoint(host.substr(0, dot));
    } else {
      out.account_url = std::string(scheme) + "://" + std::string(host);
    }
  }
  const size_t c = path.find('/');
  out.container = std::string(path.substr(0, c));
  out.prefix = c == std::string_view::npos ? "" : std::string(path.substr(c + 1));
  if (out.container.empty()) return bad("no container");
  return out;
}

BlobStream::BlobStream(const blob::BlobClient* client, std::string container, std::string blob,
                       uint64_t size, uint64_t chunk)
    : client_(client),
      container_(std::move(container)),
      blob_(std::move(blob)),
      size_(size),
      chunk_(chunk) {}

Result<size_t> BlobStream::Read(char* buf, size_t n) {
  if (pos_ >= buf_.size()) {
    if (next_ >= size_) return size_t{0};
    auto r = client_->GetRange(container_, blob_, next_, std::min(chunk_, size_ - next_));
    if (!r.ok()) return r.status();
    if (r->empty())
      return Status::IoError("blob " + blob_ + " ends early at byte " + std::to_string(next_) +
                             " (it was listed with " + std::to_string(size_) + ")");
    next_ += r->size();
    buf_ = std::move(r).value();
    pos_ = 0;
  }
  const size_t k = std::min(n, buf_.size() - pos_);
  std::memcpy(buf, buf_.data() + pos_, k);
  pos_ += k;
  return k;
}

}  // namespace bulwark::replay
