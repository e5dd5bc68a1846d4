// High-entropy tokens: secrets without a known prefix (API keys, client secrets, signing keys
// pasted bare). A token is a maximal run of base64/base64url characters; it is reported when
// its Shannon entropy per character reaches the threshold of its character class:
//   hex    [0-9a-f] only (or [0-9A-F]): 16 symbols, so a lower bar (random: ~3.7 bits at 32)
//   base64 anything else, with letters and digits both present (random: ~5 bits at 40)
// Suppressed: GUIDs, hex digests right after a hash word (sha256, md5, commit, ...), paths
// and URLs (tokens made of '/'-separated words), and runs of one case of letters only.
//
// config (all optional):
//   {"min_length": 20, "max_length": 256, "hex_min_bits": 3.3, "base64_min_bits": 4.5,
//    "ignore_after": ["sha256", "sha1", "md5", ...]}
#include <algorithm>
#include <array>
#include <bulwark/plugin.hpp>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
         c == '_' || c == '-';
}

double EntropyBits(std::string_view s) {
  std::array<int, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  double bits = 0;
  for (int n : counts) {
    if (n == 0) continue;
    const double p = static_cast<double>(n) / static_cast<double>(s.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsGuid(std::string_view s) {
  static constexpr size_t kDash[] = {8, 13, 18, 23};
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == kDash[0] || i == kDash[1] || i == kDash[2] || i == kDash[3];
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// "/usr/local/share", "src/main/java": segments of lower-case letters, digits, '-', '_'.
bool LooksLikePath(std::string_view s) {
  if (s.find('/') == std::string_view::npos) return false;
  int segments = 0;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('/', start);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view seg = s.substr(start, end - start);
    for (char c : seg) {
      if (std::isupper(static_cast<unsigned char>(c)) || c == '+' || c == '=') return false;
    }
    if (!seg.empty()) ++segments;
    start = end + 1;
  }
  return segments >= 2;
}

// A JSON number or string value from a compact JSON object, without a JSON library: the host
// passes compact JSON already checked against the schema.
std::string_view FindValue(std::string_view json, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const size_t p = json.find(needle);
  if (p == std::string_view::npos) return {};
  const size_t start = p + needle.size();
  size_t end = start;
  int depth = 0;
  while (end < json.size()) {
    const char c = json[end];
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (depth < 0 || (depth == 0 && (c == ',' || c == '}'))) break;
    ++end;
    if (depth == 0 && c == ']') break;
  }
  return json.substr(start, end - start);
}

class HighEntropy {
 public:
  static constexpr std::string_view kName = "high-entropy";
  static constexpr std::string_view kDescription =
      "High-entropy token (hex or base64) that looks like a secret without a known prefix";
  static constexpr std::string_view kConfigSchema = R"({
    "type": "object",
    "properties": {
      "min_length": {"type": "integer", "minimum": 8, "maximum": 1024},
      "max_length": {"type": "integer", "minimum": 8, "maximum": 4096},
      "hex_min_bits": {"type": "number", "minimum": 0, "maximum": 4},
      "base64_min_bits": {"type": "number", "minimum": 0, "maximum": 6},
      "ignore_after": {"type": "array", "items": {"type": "string", "minLength": 1}}
    },
    "additionalProperties": false
  })";
  // No prefilter: a wide character-class repeat is costly in the shared database, and the
  // scan below is one linear pass.
  static std::vector<std::string> Prefilters() { return {}; }

  explicit HighEntropy(std::string_view config) {
    if (auto v = FindValue(config, "min_length"); !v.empty())
      min_length_ = std::stoul(std::string(v));
    if (auto v = FindValue(config, "max_length"); !v.empty())
      max_length_ = std::stoul(std::string(v));
    if (auto v = FindValue(config, "hex_min_bits"); !v.empty())
      hex_bits_ = std::stod(std::string(v));
    if (auto v = FindValue(config, "base64_min_bits"); !v.empty()) {
      base64_bits_ = std::stod(std::string(v));
    }
    if (auto v = FindValue(config, "ignore_after"); !v.empty()) {
      ignore_after_.clear();
      for (size_t p = v.find('"'); p != std::string_view::npos; p = v.find('"', p + 1)) {
        const size_t q = v.find('"', p + 1);
        if (q == std::string_view::npos) break;
        ignore_after_.emplace_back(v.substr(p + 1, q - p - 1));
        p = q;
      }
    }
    if (min_length_ > max_length_) throw std::invalid_argument("min_length exceeds max_length");
  }

  void Scan(std::string_view text, const std::vector<uint32_t>&,
            std::vector<bulwark::plugin::Finding>& out) const {
    size_t i = 0;
    while (i < text.size()) {
      if (!IsTokenChar(text[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && IsTokenChar(text[j])) ++j;
      // Trim padding and separators that end sentences or URLs.
      size_t end = j;
      while (end > i && (text[end - 1] == '-' || text[end - 1] == '_' || text[end - 1] == '/'))
        --end;
      const std::string_view token = text.substr(i, end - i);
      if (token.size() >= min_length_ && token.size() <= max_length_ && IsSecret(text, i, token)) {
        out.push_back({i, end, bulwark::plugin::Confidence::kMedium, ""});
      }
      i = j;
    }
  }

 private:
  bool IsSecret(std::string_view text, size_t start, std::string_view token) const {
    if (IsGuid(token) || LooksLikePath(token)) return false;
    std::string_view core = token;
    while (!core.empty() && core.back() == '=') core.remove_suffix(1);
    if (IsHex(core)) {
      if (AfterHashWord(text, start)) return false;
      return EntropyBits(core) >= Threshold(hex_bits_, core.size());
    }
    bool letter = false, digit = false, upper = false, lower = false;
    for (char c : core) {
      const auto u = static_cast<unsigned char>(c);
      letter = letter || std::isalpha(u);
      digit = digit || std::isdigit(u);
      upper = upper || std::isupper(u);
      lower = lower || std::islower(u);
    }
    if (!letter || !digit || !(upper && lower)) return false;  // words, numbers, CONSTANTS
    return EntropyBits(core) >= Threshold(base64_bits_, core.size());
  }

  // A short token cannot reach log2(length) bits: the bar is the configured one or 85% of the
  // maximum for its length, whichever is lower (random 20-character base64 averages ~4.1).
  static double Threshold(double configured, size_t length) {
    return std::min(configured, 0.85 * std::log2(static_cast<double>(length)));
  }

  // A hash word within the 24 bytes before the token ("sha256: ab12...", "commit ab12...").
  bool AfterHashWord(std::string_view text, size_t start) const {
    const size_t from = start > 24 ? start - 24 : 0;
    std::string before(text.substr(from, start - from));
    for (char& c : before) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& w : ignore_after_) {
      if (before.find(w) != std::string::npos) return true;
    }
    return false;
  }

  size_t min_length_ = 20;
  size_t max_length_ = 256;
  double hex_bits_ = 3.3;
  double base64_bits_ = 4.5;
  std::vector<std::string> ignore_after_ = {
      "sha256", "sha-256", "sha1",     "sha-1", "sha512",      "md5",      "commit",
      "hash",   "digest",  "checksum", "etag",  "fingerprint", "integrity"};
};

}  // namespace

BULWARK_DEFINE_PLUGIN("entropy", "1.0.0", "High-entropy tokens: secrets without a known prefix",
                      bulwark::plugin::DetectorType<HighEntropy>())
