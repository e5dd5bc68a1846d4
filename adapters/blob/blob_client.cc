#include "blob/blob_client.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <map>
#include <thread>

namespace bulwark::blob {
namespace {

constexpr char kVersion[] = "2021-08-06";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Base64(const unsigned char* p, size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  const int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), p, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

bool Unbase64(const std::string& in, std::string* out) {
  if (in.empty() || in.size() % 4 != 0) return false;
  std::string buf(in.size() / 4 * 3, '\0');
  const int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                                  reinterpret_cast<const unsigned char*>(in.data()),
                                  static_cast<int>(in.size()));
  if (len < 0) return false;
  size_t pad = 0;
  if (in.back() == '=') ++pad;
  if (in.size() > 1 && in[in.size() - 2] == '=') ++pad;
  buf.resize(static_cast<size_t>(len) - pad);
  *out = std::move(buf);
  return true;
}

// Splits "scheme://host[:port]/path" into the host and the path ("" when none).
bool SplitUrl(const std::string& url, std::string* host, std::string* path) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  const size_t start = scheme + 3;
  const size_t slash = url.find('/', start);
  *host = url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
  *path = slash == std::string::npos ? "" : url.substr(slash);
  while (!path->empty() && path->back() == '/') path->pop_back();
  return !host->empty();
}

// The Storage error code of a response (x-ms-error-code, else <Code> in the XML body).
std::string ErrorCode(const http::Response& r) {
  std::string code = r.Header("x-ms-error-code");
  if (code.empty()) {
    const size_t a = r.body.find("<Code>");
    const size_t b = r.body.find("</Code>");
    if (a != std::string::npos && b != std::string::npos && b > a + 6) {
      code = r.body.substr(a + 6, b - a - 6);
    }
  }
  return code;
}

}  // namespace

std::string HttpDate(int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string EncodeBlobPath(const std::string& name) { return http::PercentEncode(name, "/"); }

std::string SharedKeyStringToSign(const std::string& verb, const std::string& account,
                                  const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                  const std::vector<std::pair<std::string, std::string>>& query) {
  std::map<std::string, std::string> h;
  for (const auto& [k, v] : headers) h[Lower(k)] = v;
  auto get = [&](const char* name) {
    auto it = h.find(name);
    return it == h.end() ? std::string() : it->second;
  };
  std::string length = get("content-length");
  if (length == "0") length.clear();
  std::string s = verb + "\n" + get("content-encoding") + "\n" + get("content-language") + "\n" +
                  length + "\n" + get("content-md5") + "\n" + get("content-type") + "\n" +
                  get("date") + "\n" + get("if-modified-since") + "\n" + get("if-match") + "\n" +
                  get("if-none-match") + "\n" + get("if-unmodified-since") + "\n" + get("range") +
                  "\n";
  for (const auto& [k, v] : h) {  // std::map: sorted by the lower-cased name
    if (k.rfind("x-ms-", 0) == 0) s += k + ":" + v + "\n";
  }
  s += "/" + account + path;
  std::map<std::string, std::vector<std::string>> q;
  for (const auto& [k, v] : query) q[Lower(k)].push_back(v);
  for (auto& [k, values] : q) {
    std::sort(values.begin(), values.end());
    s += "\n" + k + ":";
    for (size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + values[i];
  }
  return s;
}

std::string SharedKeyAuthorization(const std::string& account, const std::string& key_bytes,
                                   const std::string& string_to_sign) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key_bytes.data(), static_cast<int>(key_bytes.size()),
       reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), mac,
       &len);
  return "SharedKey " + account + ":" + Base64(mac, len);
}

Result<std::unique_ptr<BlobClient>> BlobClient::Create(BlobOptions options) {
  std::string host, path;
  if (!SplitUrl(options.account_url, &host, &path)) {
    return Status::InvalidArgument("blob storage: account_url '" + options.account_url +
                                   "' is not a URL");
  }
  std::string account = options.account_name;
  if (account.empty()) {
    account =
        !path.empty() ? path.substr(1, path.find('/', 1) - 1) : host.substr(0, host.find('.'));
  }
  if (account.empty()) return Status::InvalidArgument("blob storage: no account name");
  std::string key;
  if (!options.shared_key.empty() && !Unbase64(options.shared_key, &key)) {
    return Status::InvalidArgument("blob storage: the shared key is not base64");
  }
  if (key.empty() && options.sas.empty()) {
    return Status::InvalidArgument("blob storage: a shared key or a SAS token is required");
  }
  if (!options.sas.empty() && options.sas[0] == '?') options.sas.erase(0, 1);
  while (!options.account_url.empty() && options.account_url.back() == '/') {
    options.account_url.pop_back();
  }
  http::ClientOptions ho;
  ho.ca_bundle = options.ca_bundle;
  ho.timeout_ms = 60000;  // up to max_bytes over a slow link
  auto http = http::Client::Create(ho);
  if (!http.ok()) return http.status();
  std::string origin = options.account_url.substr(0, options.account_url.size() - path.size());
  return std::unique_ptr<BlobClient>(new BlobClient(std::move(options), std::move(http).value(),
                                                    std::move(account), std::move(key),
                                                    std::move(origin), std::move(path)));
}

BlobClient::BlobClient(BlobOptions options, std::unique_ptr<http::Client> http, std::string account,
                       std::string key, std::string origin, std::string base_path)
    : options_(std::move(options)),
      http_(std::move(http)),
      account_(std::move(account)),
      key_(std::move(key)),
      origin_(std::move(origin)),
      base_path_(std::move(base_path)) {}

Result<http::Response> BlobClient::Send(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& query,
    const std::vector<std::pair<std::string, std::string>>& extra_headers,
    const std::string& what) const {
  std::string query_string;
  for (const auto& [k, v] : query) {
    query_string += (query_string.empty() ? "" : "&") + k + "=" + http::PercentEncode(v);
  }
  Status last = Status::IoError(what + ": not attempted");
  for (int attempt = 0; attempt < std::max(1, options_.attempts); ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
    http::Request req;
    req.method = "GET";
    req.url = origin_ + path;
    const std::string date = HttpDate(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
    req.headers = {{"x-ms-date", date}, {"x-ms-version", kVersion}};
    req.headers.insert(req.headers.end(), extra_headers.begin(), extra_headers.end());
    std::string q = query_string;
    if (!key_.empty()) {
      const std::string sts = SharedKeyStringToSign("GET", account_, path, req.headers, query);
      req.headers.push_back({"Authorization", SharedKeyAuthorization(account_, key_, sts)});
    } else {
      q += (q.empty() ? "" : "&") + options_.sas;
    }
    if (!q.empty()) req.url += "?" + q;
    auto r = http_->Send(req);
    if (!r.ok()) {
      last = Status::IoError(what + ": " + r.status().message());
      continue;
    }
    const std::string detail =
        " (" + ErrorCode(*r) + ", request id " + r->Header("x-ms-request-id") + ")";
    if (r->status == 200 || r->status == 206) return std::move(r).value();
    if (r->status == 404) return Status::NotFound(what + " not found" + detail);
    if (r->status == 401 || r->status == 403) {
      return Status::FailedPrecondition(what + ": HTTP " + std::to_string(r->status) + detail +
                                        "; check the shared key or SAS token");
    }
    last = Status::IoError(what + ": HTTP " + std::to_string(r->status) + detail);
    if (r->status < 500 && r->status != 429) return last;
  }
  return last;
}

std::string BlobClient::BlobPath(const std::string& container, const std::string& blob) const {
  return base_path_ + "/" + EncodeBlobPath(container) + "/" + EncodeBlobPath(blob);
}

Result<std::string> BlobClient::Get(const std::string& container, const std::string& blob) const {
  const std::string what = "blob " + options_.account_url + "/" + container + "/" + blob;
  auto r = Send(BlobPath(container, blob), {}, {}, what);
  if (!r.ok()) return r.status();
  if (r->body.size() > options_.max_bytes) {
    return Status::InvalidArgument(what + " is larger than " + std::to_string(options_.max_bytes) +
                                   " bytes");
  }
  return std::move(r->body);
}

Result<std::string> BlobClient::GetRange(const std::string& container, const std::string& blob,
                                         uint64_t offset, uint64_t length) const {
  const std::string what = "blob " + options_.account_url + "/" + container + "/" + blob;
  if (length == 0) return std::string();
  auto r = Send(BlobPath(container, blob), {},
                {{"x-ms-range",
                  "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1)}},
                what);
  if (!r.ok()) return r.status();
  if (r->status == 200 && offset > 0) {  // the range was ignored: the whole blob came back
    return Status::IoError(what + ": the service ignored the requested range");
  }
  if (r->body.size() > length) r->body.resize(length);
  return std::move(r->body);
}

namespace {

// The text of the first <tag>...</tag> in `xml` at or after `from`; npos-safe.
// The content of the first element `tag` at or after `from` (empty when there is none, or it
// is empty: `<Tag/>`), its attributes' text in *attributes, and in *end where it ends.
std::string_view Element(std::string_view xml, std::string_view tag, size_t from, size_t* end,
                         std::string_view* attributes = nullptr) {
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  size_t a = xml.find(open, from);
  while (a != std::string_view::npos) {
    const size_t after = a + open.size();
    if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ' || xml[after] == '/')) break;
    a = xml.find(open, after);  // a longer tag with the same start (<Blobs> for <Blob>)
  }
  if (a == std::string_view::npos) return {};
  const size_t gt = xml.find('>', a);
  if (gt == std::string_view::npos) return {};
  if (attributes != nullptr) *attributes = xml.substr(a + open.size(), gt - a - open.size());
  if (xml[gt - 1] == '/') {  // <Tag/> or <Tag attr="..."/>
    if (end != nullptr) *end = gt + 1;
    return {};
  }
  const size_t b = xml.find(close, gt + 1);
  if (b == std::string_view::npos) return {};
  if (end != nullptr) *end = b + close.size();
  return xml.substr(gt + 1, b - gt - 1);
}

// Percent-decoding, for blob names the service sends with Encoded="true" (names holding
// characters XML 1.0 cannot carry). Invalid escapes are kept as they are.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::string XmlUnescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    uint32_t cp = 0;
    if (ent == "amp")
      cp = '&';
    else if (ent == "lt")
      cp = '<';
    else if (ent == "gt")
      cp = '>';
    else if (ent == "quot")
      cp = '"';
    else if (ent == "apos")
      cp = '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      for (char c : ent.substr(hex ? 2 : 1)) {
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : hex && std::isxdigit(static_cast<unsigned char>(c))
                          ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : -1;
        if (d < 0 || cp > 0x10ffff) {
          cp = 0;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      }
    }
    if (cp == 0 || cp > 0x10ffff) {
      out.push_back('&');
      continue;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
    }
    i = semi;
  }
  return out;
}

Result<BlobPage> ParseBlobList(std::string_view xml) {
  if (xml.find("<EnumerationResults") == std::string_view::npos) {
    return Status::InvalidArgument("the listing is not an EnumerationResults document");
  }
  BlobPage page;
  size_t pos = 0;
  while (true) {
    size_t end = 0;
    const std::string_view blob = Element(xml, "Blob", pos, &end);
    if (end == 0) break;
    pos = end;
    BlobItem item;
    std::string_view name_attributes;
    item.name = XmlUnescape(Element(blob, "Name", 0, nullptr, &name_attributes));
    if (name_attributes.find("Encoded=\"true\"") != std::string_view::npos) {
      item.name = PercentDecode(item.name);
    }
    const std::string_view length = Element(blob, "Content-Length", 0, nullptr);
    uint64_t n = 0;
    for (char c : length) {
      if (c < '0' || c > '9')
        return Status::InvalidArgument("a blob's Content-Length is not a number");
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    item.size = n;
    if (item.name.empty()) return Status::InvalidArgument("a listed blob has no name");
    page.items.push_back(std::move(item));
  }
  page.next_marker = XmlUnescape(Element(xml, "NextMarker", 0, nullptr));
  return page;
}

Result<BlobPage> BlobClient::List(const std::string& container, const std::string& prefix,
                                  const std::string& marker, int max_results) const {
  const std::string what = "listing " + options_.account_url + "/" + container + "/" + prefix;
  std::vector<std::pair<std::string, std::string>> query = {{"restype", "container"},
                                                            {"comp", "list"}};
  if (!prefix.empty()) query.push_back({"prefix", prefix});
  if (!marker.empty()) query.push_back({"marker", marker});
  if (max_results > 0) query.push_back({"maxresults", std::to_string(max_results)});
  auto r = Send(base_path_ + "/" + EncodeBlobPath(container), query, {}, what);
  if (!r.ok()) return r.status();
  auto page = ParseBlobList(r->body);
  if (!page.ok()) return Status::IoError(what + ": " + page.status().message());
  return page;
}

}  // namespace bulwark::blob
