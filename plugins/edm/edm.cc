// Exact Data Match (as in Purview): reports a value of the message that is a cell of a table of
// sensitive records, a table that holds only salted hashes (`bulwark edm hash`, format in
// edm_format.h). Optionally several columns of the same row must appear close together
// ("name and account number of the same customer").
//
// config:
//   table        path of the .edm file (required)
//   salt_env     environment variable with the salt used to hash it (required)
//   min_columns  distinct columns of one row that must be found (default 1)
//   window       ...within this many bytes of each other (default 300)
//   max_words    longest cell, in words, looked up (default 3)
//
// Lookup: every run of 1..max_words words of the text is normalized like the cells, hashed
// with the salt and looked up in an open-addressing index of all cell hashes, so the cost per
// message does not depend on the number of rows. Memory: 12 bytes per slot, slots = the next
// power of two above 4/3 of the non-empty cells.
#include <algorithm>
#include <array>
#include <bulwark/plugin.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "edm_format.h"

namespace {

std::string ConfigString(std::string_view json, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const size_t p = json.find(needle);
  if (p == std::string_view::npos) return "";
  std::string out;
  for (size_t i = p + needle.size(); i < json.size() && json[i] != '"'; ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) ++i;  // \" and \\ (paths)
    out.push_back(json[i]);
  }
  return out;
}

long ConfigInt(std::string_view json, std::string_view key, long fallback) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const size_t p = json.find(needle);
  return p == std::string_view::npos ? fallback
                                     : std::strtol(json.data() + p + needle.size(), nullptr, 10);
}

bool IsSeparator(unsigned char c) {
  return c <= ' ' || c == ',' || c == ';' || c == '(' || c == ')' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '!' ||
         c == '?' || c == '|' || c == '*';
}

class ExactDataMatch {
 public:
  static constexpr std::string_view kName = "exact-data-match";
  static constexpr std::string_view kDescription =
      "Values from a table of sensitive records, stored as salted SHA-256 hashes";
  static constexpr std::string_view kConfigSchema = R"({
    "type": "object",
    "properties": {
      "table": {"type": "string", "minLength": 1},
      "salt_env": {"type": "string", "minLength": 1},
      "min_columns": {"type": "integer", "minimum": 1, "maximum": 64},
      "window": {"type": "integer", "minimum": 1, "maximum": 100000},
      "max_words": {"type": "integer", "minimum": 1, "maximum": 8}
    },
    "required": ["table", "salt_env"],
    "additionalProperties": false
  })";
  static std::vector<std::string> Prefilters() { return {}; }

  explicit ExactDataMatch(std::string_view config) {
    const std::string env = ConfigString(config, "salt_env");
    const char* salt = std::getenv(env.c_str());
    if (salt == nullptr || std::string_view(salt).size() < bulwark::edm::kMinSaltBytes) {
      throw std::invalid_argument("$" + env + " must hold the table's salt (16 bytes or more)");
    }
    salt_ = salt;
    min_columns_ = static_cast<size_t>(ConfigInt(config, "min_columns", 1));
    window_ = static_cast<size_t>(ConfigInt(config, "window", 300));
    max_words_ = static_cast<size_t>(ConfigInt(config, "max_words", 3));
    Load(ConfigString(config, "table"));
  }

  void Scan(std::string_view text, const std::vector<uint32_t>&,
            std::vector<bulwark::plugin::Finding>& out) const {
    struct Word {
      size_t start, end;
    };
    std::vector<Word> words;
    for (size_t i = 0; i < text.size();) {
      if (IsSeparator(static_cast<unsigned char>(text[i]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && !IsSeparator(static_cast<unsigned char>(text[j]))) ++j;
      size_t end = j;
      while (end > i && (text[end - 1] == '.' || text[end - 1] == ':')) --end;  // sentence ends
      if (end > i) words.push_back({i, end});
      i = j;
    }
    struct Match {
      size_t start, end;
      uint32_t column;
    };
    std::map<uint32_t, std::vector<Match>> by_row;
    std::string phrase;
    for (size_t w = 0; w < words.size(); ++w) {
      phrase.clear();
      for (size_t k = 0; k < max_words_ && w + k < words.size(); ++k) {
        if (k > 0) phrase.push_back(' ');
        phrase.append(text.substr(words[w + k].start, words[w + k].end - words[w + k].start));
        const uint64_t h = bulwark::edm::CellHash(salt_, bulwark::edm::Normalize(phrase));
        for (size_t slot = h & mask_; keys_[slot] != 0; slot = (slot + 1) & mask_) {
          if (keys_[slot] != h) continue;
          const uint32_t ref = refs_[slot];
          by_row[ref / columns_].push_back({words[w].start, words[w + k].end, ref % columns_});
        }
      }
    }
    for (const auto& [row, matches] : by_row) {
      for (const Match& m : matches) {
        // Distinct columns of this row within the window around this match.
        std::set<uint32_t> columns;
        for (const Match& o : matches) {
          const size_t lo = std::min(m.start, o.start), hi = std::max(m.end, o.end);
          if (hi - lo <= window_) columns.insert(o.column);
        }
        if (columns.size() >= min_columns_) {
          out.push_back({m.start, m.end, bulwark::plugin::Confidence::kHigh, ""});
        }
      }
    }
  }

 private:
  template <class T>
  static T Get(std::ifstream& in) {
    T v{};
    in.read(reinterpret_cast<char*>(&v), sizeof v);
    return v;
  }

  void Load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot read the EDM table " + path);
    char magic[8];
    in.read(magic, sizeof magic);
    if (!in || std::memcmp(magic, bulwark::edm::kMagic, sizeof magic) != 0) {
      throw std::invalid_argument(path + " is not an EDM table (bulwark edm hash writes them)");
    }
    columns_ = Get<uint32_t>(in);
    const uint64_t rows = Get<uint64_t>(in);
    std::array<unsigned char, 32> check{};
    in.read(reinterpret_cast<char*>(check.data()), check.size());
    if (check != bulwark::edm::SaltCheck(salt_)) {
      throw std::invalid_argument(path + " was hashed with another salt");
    }
    if (columns_ == 0 || columns_ > 64 || rows * columns_ >= (uint64_t{1} << 32)) {
      throw std::invalid_argument(path + ": unsupported size");
    }
    for (uint32_t c = 0; c < columns_; ++c) {
      const uint32_t len = Get<uint32_t>(in);
      in.seekg(len, std::ios::cur);
    }
    std::vector<uint64_t> cells(rows * columns_);
    in.read(reinterpret_cast<char*>(cells.data()),
            static_cast<std::streamsize>(cells.size() * sizeof(uint64_t)));
    if (!in) throw std::invalid_argument(path + ": truncated table");
    const size_t filled = static_cast<size_t>(
        std::count_if(cells.begin(), cells.end(), [](uint64_t h) { return h != 0; }));
    size_t capacity = 16;
    while (capacity * 3 < filled * 4) capacity *= 2;
    keys_.assign(capacity, 0);
    refs_.assign(capacity, 0);
    mask_ = capacity - 1;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (cells[i] == 0) continue;
      size_t slot = cells[i] & mask_;
      while (keys_[slot] != 0) slot = (slot + 1) & mask_;
      keys_[slot] = cells[i];
      refs_[slot] = static_cast<uint32_t>(i);
    }
  }

  std::string salt_;
  size_t min_columns_ = 1, window_ = 300, max_words_ = 3;
  uint32_t columns_ = 1;
  std::vector<uint64_t> keys_;  // 0: empty slot
  std::vector<uint32_t> refs_;  // row * columns + column
  size_t mask_ = 0;
};

}  // namespace

BULWARK_DEFINE_PLUGIN("edm", "1.0.0", "Exact Data Match against hashed tables of sensitive records",
                      bulwark::plugin::DetectorType<ExactDataMatch>())
