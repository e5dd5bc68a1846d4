#include "detect/pattern_database.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <shared_mutex>
#include <system_error>
#include <unordered_map>

#include "detect/digit_shape.h"
#include "detect/pattern_facts.h"
#include "util/digest.h"
#include "util/file_replace.h"
#include "util/read_file.h"

namespace bulwark {
namespace {

// Every match is reported (no HS_FLAG_SINGLEMATCH): the end offsets bound the RE2 ranges.
constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_UTF8;
// File format: magic, rejections, reach by pattern, whitespace bounds by pattern, database.
constexpr char kCacheMagic[] = "BWHSDB5\n";

// Case folding can make an RE2 match of a DigitWindow pattern longer than its ASCII form: under
// (?i), 'k' also matches U+212A KELVIN SIGN (3 bytes) and 's' U+017F LONG S (2 bytes), the only
// non-ASCII characters RE2 folds onto ASCII letters (\d, \w and \s are ASCII). Ranges allow for
// that only in fields that hold one of them.
constexpr uint32_t kFoldGrowth = 3;
bool HasAsciiFoldTarget(std::string_view text) {
  return text.find("\xE2\x84\xAA") != std::string_view::npos ||
         text.find("\xC5\xBF") != std::string_view::npos;
}

// The most bytes a match of `pattern` can span, from Hyperscan's analysis of the pattern itself
// (or, when Hyperscan supports it only in prefiltering mode, of its approximation, whose matches
// include the pattern's); 0 when unbounded or unknown.
uint32_t MaxMatchBytes(const std::string& pattern) {
  for (unsigned flags : {HS_FLAG_UTF8, HS_FLAG_UTF8 | HS_FLAG_PREFILTER}) {
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_expression_info(pattern.c_str(), flags, &info, &err) != HS_SUCCESS) {
      hs_free_compile_error(err);
      continue;
    }
    const unsigned width = info->max_width;
    free(info);  // allocated with Hyperscan's default allocator (malloc)
    return width == UINT_MAX ? 0 : width;
  }
  return 0;
}

// What the compiled database depends on: Hyperscan's version, the flags, the patterns, and
// which of them go to Hyperscan (the others are prefiltered by digit runs, digit windows or
// class runs, a choice another version of this code may make differently).
std::string CacheKey(const std::vector<std::string>& patterns, const std::vector<bool>& excluded) {
  std::string all = std::string(kCacheMagic) + hs_version() + "\n" + std::to_string(kFlags);
  for (size_t i = 0; i < patterns.size(); ++i) {
    all += "\n" + std::string(excluded[i] ? "-" : "+") + std::to_string(patterns[i].size()) + ":" +
           patterns[i];
  }
  return Sha256Hex(all);
}

void PutU64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
bool GetU64(std::string_view* in, uint64_t* v) {
  if (in->size() < 8) return false;
  std::memcpy(v, in->data(), 8);
  in->remove_prefix(8);
  return true;
}

}  // namespace

std::string WithoutWordBoundaries(const std::string& pattern) {
  std::string out;
  bool in_class = false;
  size_t class_start = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[i + 1];
      if (e == 'Q') return pattern;
      if (!in_class && (e == 'b' || e == 'B')) {
        const char next = i + 2 < pattern.size() ? pattern[i + 2] : '\0';
        if (next == '*' || next == '+' || next == '?' || next == '{') return pattern;
        ++i;
        continue;
      }
      out += c;
      out += e;
      ++i;
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      class_start = i;
    } else if (in_class && c == ']' && i > class_start + 1 &&
               !(i == class_start + 2 && pattern[class_start + 1] == '^')) {
      in_class = false;
    }
    out += c;
  }
  if (out == pattern) return pattern;
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(out.c_str(), kFlags, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return pattern;
  }
  const bool empty = info->min_width == 0;
  free(info);  // allocated with Hyperscan's default allocator (malloc)
  return empty ? pattern : out;
}

std::optional<std::pair<std::string, uint32_t>> SingleWhitespace(const std::string& pattern) {
  std::string out;
  uint32_t count = 0;
  bool in_class = false;
  size_t class_start = 0;
  std::vector<bool> groups;  // open groups: whether each holds a replaced run so far
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char e = pattern[i + 1];
      if (e == 'Q') return std::nullopt;
      const char next = i + 2 < pattern.size() ? pattern[i + 2] : '\0';
      if (!in_class && e == 's' && (next == '+' || next == '*')) {
        out += next == '+' ? "\\s" : "\\s?";
        ++count;
        if (!groups.empty()) groups.back() = true;
        i += 2;
        if (i + 1 < pattern.size() && pattern[i + 1] == '?') ++i;  // lazy: the same bound
        continue;
      }
      out += c;
      out += e;
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']' && i > class_start + 1 &&
          !(i == class_start + 2 && pattern[class_start + 1] == '^')) {
        in_class = false;
      }
    } else if (c == '[') {
      in_class = true;
      class_start = i;
    } else if (c == '(') {
      groups.push_back(false);
    } else if (c == ')' && !groups.empty()) {
      const bool held = groups.back();
      groups.pop_back();
      const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
      // A repeated group could take a run once per repetition: no bound of this form.
      if (held && (next == '*' || next == '+' || next == '{')) return std::nullopt;
      if (held && !groups.empty()) groups.back() = true;
    }
    out += c;
  }
  if (count == 0) return std::nullopt;
  return std::make_pair(std::move(out), count);
}

uint32_t LongestWhitespaceRun(std::string_view text) {
  // RE2's \s is [\t\n\f\r ]; Hyperscan's adds \v: the longer run is the safe bound.
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  uint32_t best = 0;
  uint32_t run = 0;  // of the bytes just before i
  size_t i = 0;
  // Prose has a space every few bytes but rarely two in a row: 16 bytes at a time, and byte by
  // byte only in blocks where two whitespace bytes are adjacent (GCC vector extensions).
  typedef unsigned char Bytes16 __attribute__((vector_size(16)));
  for (; i + 16 <= text.size(); i += 16) {
    Bytes16 v;
    std::memcpy(&v, text.data() + i, 16);
    const auto lanes = (v == static_cast<unsigned char>(' ')) |
                       ((v - static_cast<unsigned char>('\t')) < static_cast<unsigned char>(5));
    uint64_t h[2];
    static_assert(sizeof(lanes) == sizeof(h));
    std::memcpy(h, &lanes, sizeof(h));
    if ((h[0] | h[1]) == 0) {
      run = 0;
      continue;
    }
    const bool first = is_space(text[i]);
    const bool last = is_space(text[i + 15]);
    // Adjacent lanes in memory order are adjacent bytes of each half on either endianness once
    // shifted by a lane; the halves' seam and the previous block's last byte are tested apart.
    const bool pair = (h[0] & (h[0] >> 8)) != 0 || (h[1] & (h[1] >> 8)) != 0 ||
                      (is_space(text[i + 7]) && is_space(text[i + 8])) || (run > 0 && first);
    if (!pair) {
      best = std::max<uint32_t>(best, 1);
      run = last ? 1 : 0;
      continue;
    }
    for (size_t k = i; k < i + 16; ++k) {
      run = is_space(text[k]) ? run + 1 : 0;
      best = std::max(best, run);
    }
  }
  for (; i < text.size(); ++i) {
    run = is_space(text[i]) ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

// Shape -> what was decided for it: for digit runs, the digit-shaped patterns (indexes into
// digit_shaped_) whose generalised form matches it; for class runs, keyed by pattern and shape,
// whether the generalised pattern matches. Shared by all threads; bounded (a full memo stops
// remembering, it does not evict).
template <typename V>
class PatternDatabase::Memo {
 public:
  explicit Memo(size_t capacity) : capacity_(capacity) {}

  std::optional<V> Find(const std::string& key) {
    std::shared_lock<std::shared_mutex> lock(mu_);
    auto it = memo_.find(key);
    if (it == memo_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& key, const V& value) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    if (memo_.size() < capacity_) memo_.emplace(key, value);
  }

 private:
  const size_t capacity_;
  std::shared_mutex mu_;
  std::unordered_map<std::string, V> memo_;
};

// Runs are remembered by shape up to these lengths; longer ones are decided every time.
constexpr size_t kMaxDigitShape = 72;
constexpr size_t kMaxClassShape = 96;

class PatternDatabase::ScratchPool {
 public:
  explicit ScratchPool(hs_scratch_t* prototype) : prototype_(prototype) {}
  ~ScratchPool() {
    for (hs_scratch_t* s : free_) hs_free_scratch(s);
    hs_free_scratch(prototype_);
  }
  ScratchPool(const ScratchPool&) = delete;
  ScratchPool& operator=(const ScratchPool&) = delete;

  hs_scratch_t* Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        hs_scratch_t* s = free_.back();
        free_.pop_back();
        return s;
      }
    }
    hs_scratch_t* s = nullptr;
    if (hs_clone_scratch(prototype_, &s) != HS_SUCCESS) return nullptr;
    return s;
  }
  void Release(hs_scratch_t* s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(s);
  }

 private:
  hs_scratch_t* prototype_;
  std::mutex mu_;
  std::vector<hs_scratch_t*> free_;
};

Result<std::unique_ptr<PatternDatabase>> PatternDatabase::Build(
    const std::vector<std::string>& patterns, std::vector<Rejection>* rejected,
    const std::filesystem::path& cache_dir, PatternFacts* facts,
    const std::vector<NearContext>* near_context) {
  std::unique_ptr<PatternDatabase> db(new PatternDatabase());
  const auto has_literal = [&](const std::string& p) {
    return facts != nullptr ? facts->HasRequiredLiteral(p) : HasRequiredLiteral(p, 3);
  };
  db->size_ = patterns.size();
  // Compile everything; on a per-pattern error drop that pattern and retry. Hyperscan reports
  // the first failing expression only, so this loops once per rejected pattern.
  std::vector<bool> excluded(patterns.size(), false);
  // Gives pattern i its prefilter (digit runs, digit windows, class runs; Hyperscan when it has
  // a literal); true when it has none of those and would go to Hyperscan without a literal.
  const auto classify = [&](size_t i) {
    if (auto min_digits = DigitShapeMinDigits(patterns[i])) {
      excluded[i] = true;
      db->digit_shaped_.emplace_back(i, *min_digits);
      db->min_run_digits_ = std::min(db->min_run_digits_, *min_digits);
    } else if (auto window = DigitWindowOf(patterns[i]); window && !has_literal(patterns[i])) {
      // A literal anchors Hyperscan far better than a window of digits does: a webhook URL with
      // a 17-digit id would otherwise take every 17 digits within 200 bytes as a candidate.
      excluded[i] = true;
      db->digit_window_.emplace_back(i, *window);
    } else if (has_literal(patterns[i])) {
      // Hyperscan, as above (and the class-run parse is not needed).
    } else if (auto run =
                   facts != nullptr ? facts->ClassRun(patterns[i]) : ClassRunOf(patterns[i])) {
      excluded[i] = true;
      db->class_run_.emplace_back(i, std::move(*run));
    } else {
      return true;
    }
    return false;
  };
  for (size_t i = 0; i < patterns.size(); ++i) {
    const NearContext near =
        near_context != nullptr && i < near_context->size() ? (*near_context)[i] : NearContext::kNo;
    // kInsteadOfHyperscan: only a literal-free pattern without a cheaper prefilter, which
    // Hyperscan would look for at every position of every field.
    bool to_near = near == NearContext::kAlways;
    if (!to_near) to_near = classify(i) && near == NearContext::kInsteadOfHyperscan;
    if (to_near) {
      excluded[i] = true;
      db->near_context_.push_back(i);
    }
  }
  // The shape filters are compiled on first use: a scan of one message meets few shapes, and
  // compiling all of them was a tenth of `bulwark scan`'s startup.
  RE2::Options shape_options;
  shape_options.set_log_errors(false);
  for (const auto& [i, min_digits] : db->digit_shaped_) {
    db->shape_re_.push_back(
        std::make_unique<LazyRe2>(GeneralizeDigits(patterns[i]), shape_options));
  }
  db->shapes_ = std::make_unique<Memo<std::vector<uint32_t>>>(size_t{1} << 14);
  for (const auto& [i, spec] : db->class_run_) {
    std::string general = GeneralizeClasses(patterns[i]);
    db->class_shape_re_.push_back(
        general.empty() ? nullptr : std::make_unique<LazyRe2>(std::move(general), shape_options));
  }
  db->class_shapes_ = std::make_unique<Memo<bool>>(size_t{1} << 15);
  const std::filesystem::path cache_file =
      cache_dir.empty() ? std::filesystem::path()
                        : cache_dir / ("hsdb-" + CacheKey(patterns, excluded));
  std::vector<Rejection> found;
  if (!cache_file.empty() && db->LoadCache(cache_file, &found)) {
    if (rejected != nullptr) rejected->insert(rejected->end(), found.begin(), found.end());
    return db;
  }
  std::vector<std::string> relaxed(patterns.size());
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (!excluded[i]) relaxed[i] = WithoutWordBoundaries(patterns[i]);
  }
  while (true) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (excluded[i]) continue;
      exprs.push_back(relaxed[i].c_str());
      flags.push_back(kFlags);
      ids.push_back(static_cast<unsigned>(i));
    }
    if (exprs.empty()) break;
    hs_database_t* hdb = nullptr;
    hs_compile_error_t* err = nullptr;
    const hs_error_t rc =
        hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &hdb, &err);
    if (rc == HS_SUCCESS) {
      db->db_ = hdb;
      break;
    }
    const int bad = err != nullptr ? err->expression : -1;
    std::string msg = err != nullptr && err->message != nullptr ? err->message : "unknown error";
    hs_free_compile_error(err);
    if (bad < 0) return Status::Internal("hyperscan: " + msg);
    const size_t index = ids[static_cast<size_t>(bad)];
    excluded[index] = true;
    db->unfiltered_.push_back(index);
    found.push_back({index, std::move(msg)});
  }
  if (rejected != nullptr) rejected->insert(rejected->end(), found.begin(), found.end());
  std::sort(db->unfiltered_.begin(), db->unfiltered_.end());
  db->reach_.assign(patterns.size(), 0);
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (!excluded[i]) db->reach_[i] = MaxMatchBytes(patterns[i]);
  }
  for (const auto& run : db->class_run_) db->reach_[run.first] = MaxMatchBytes(patterns[run.first]);
  for (size_t i : db->near_context_) db->reach_[i] = MaxMatchBytes(patterns[i]);
  db->ws_base_.assign(patterns.size(), 0);
  db->ws_count_.assign(patterns.size(), 0);
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (excluded[i] || db->reach_[i] != 0) continue;
    if (auto single = SingleWhitespace(patterns[i])) {
      if (const uint32_t base = MaxMatchBytes(single->first); base > 0) {
        db->ws_base_[i] = base;
        db->ws_count_[i] = single->second;
      }
    }
  }
  db->NoteWhitespaceBounds();
  if (db->db_ != nullptr) {
    hs_scratch_t* proto = nullptr;
    if (hs_alloc_scratch(db->db_, &proto) != HS_SUCCESS) {
      return Status::Internal("hyperscan: cannot allocate scratch");
    }
    db->scratch_ = std::make_unique<ScratchPool>(proto);
  }
  if (!cache_file.empty()) db->SaveCache(cache_file, found);
  return db;
}

bool PatternDatabase::LoadCache(const std::filesystem::path& file, std::vector<Rejection>* found) {
  std::string bytes;
  if (!ReadWholeFile(file, &bytes)) return false;
  std::string_view rest(bytes);
  auto corrupt = [&] {
    std::error_code ec;
    std::filesystem::remove(file, ec);  // rebuilt and rewritten below
    return false;
  };
  if (rest.substr(0, std::strlen(kCacheMagic)) != kCacheMagic) return corrupt();
  rest.remove_prefix(std::strlen(kCacheMagic));
  uint64_t n = 0;
  if (!GetU64(&rest, &n) || n > size_) return corrupt();
  std::vector<Rejection> rejections;
  for (uint64_t k = 0; k < n; ++k) {
    uint64_t index = 0, len = 0;
    if (!GetU64(&rest, &index) || !GetU64(&rest, &len) || index >= size_ || len > rest.size()) {
      return corrupt();
    }
    rejections.push_back({index, std::string(rest.substr(0, len))});
    rest.remove_prefix(len);
  }
  std::vector<uint32_t> reach(size_, 0);
  for (uint32_t& r : reach) {
    uint64_t v = 0;
    if (!GetU64(&rest, &v) || v > UINT32_MAX) return corrupt();
    r = static_cast<uint32_t>(v);
  }
  std::vector<uint32_t> ws_base(size_, 0), ws_count(size_, 0);
  for (size_t i = 0; i < size_; ++i) {
    uint64_t base = 0, count = 0;
    if (!GetU64(&rest, &base) || !GetU64(&rest, &count) || base > UINT32_MAX ||
        count > UINT32_MAX || (reach[i] != 0 && count != 0)) {
      return corrupt();
    }
    ws_base[i] = static_cast<uint32_t>(base);
    ws_count[i] = static_cast<uint32_t>(count);
  }
  uint64_t db_len = 0;
  if (!GetU64(&rest, &db_len) || db_len != rest.size()) return corrupt();
  hs_database_t* hdb = nullptr;
  if (db_len > 0) {
    // Checks the version and the platform too: a database of another CPU is refused here.
    if (hs_deserialize_database(rest.data(), rest.size(), &hdb) != HS_SUCCESS) return corrupt();
    hs_scratch_t* proto = nullptr;
    if (hs_alloc_scratch(hdb, &proto) != HS_SUCCESS) {
      hs_free_database(hdb);
      return corrupt();
    }
    db_ = hdb;
    scratch_ = std::make_unique<ScratchPool>(proto);
  }
  for (const Rejection& r : rejections) unfiltered_.push_back(r.index);
  std::sort(unfiltered_.begin(), unfiltered_.end());
  reach_ = std::move(reach);
  ws_base_ = std::move(ws_base);
  ws_count_ = std::move(ws_count);
  NoteWhitespaceBounds();
  *found = std::move(rejections);
  from_cache_ = true;
  return true;
}

void PatternDatabase::SaveCache(const std::filesystem::path& file,
                                const std::vector<Rejection>& found) const {
  std::string out = kCacheMagic;
  PutU64(&out, found.size());
  for (const Rejection& r : found) {
    PutU64(&out, r.index);
    PutU64(&out, r.message.size());
    out += r.message;
  }
  for (uint32_t r : reach_) PutU64(&out, r);
  for (size_t i = 0; i < size_; ++i) {
    PutU64(&out, ws_base_[i]);
    PutU64(&out, ws_count_[i]);
  }
  char* bytes = nullptr;
  size_t len = 0;
  if (db_ != nullptr && hs_serialize_database(db_, &bytes, &len) != HS_SUCCESS) return;
  PutU64(&out, len);
  if (bytes != nullptr) {
    out.append(bytes, len);
    free(bytes);  // Hyperscan's default allocator
  }
  ReplaceFile(file, out);  // a reader never sees half a file, writers do not collide
}

PatternDatabase::Kind PatternDatabase::kind(size_t i) const {
  for (const auto& p : digit_shaped_) {
    if (p.first == i) return Kind::kDigitRun;
  }
  for (const auto& p : digit_window_) {
    if (p.first == i) return Kind::kDigitWindow;
  }
  for (const auto& p : class_run_) {
    if (p.first == i) return Kind::kClassRun;
  }
  if (std::binary_search(unfiltered_.begin(), unfiltered_.end(), i)) return Kind::kUnfiltered;
  if (std::binary_search(near_context_.begin(), near_context_.end(), i)) {
    return Kind::kNearContext;
  }
  return Kind::kHyperscan;
}

PatternDatabase::~PatternDatabase() {
  scratch_.reset();
  if (db_ != nullptr) hs_free_database(db_);
}

PatternCompileCost MeasurePatternCompile(const std::string& pattern) {
  PatternCompileCost cost;
  const auto started = std::chrono::steady_clock::now();
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(pattern.c_str(), kFlags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
    cost.error = err != nullptr && err->message != nullptr ? err->message : "unknown error";
    hs_free_compile_error(err);
    return cost;
  }
  cost.compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  hs_free_database(db);
  cost.ok = true;
  hs_expr_info_t* info = nullptr;
  if (hs_expression_info(pattern.c_str(), kFlags, &info, &err) == HS_SUCCESS) {
    cost.min_width = info->min_width;
    cost.max_width = info->max_width == UINT_MAX ? 0 : info->max_width;
    free(info);  // allocated with Hyperscan's default allocator (malloc)
  } else {
    hs_free_compile_error(err);
  }
  return cost;
}

bool PatternCanMatchEmpty(const std::string& pattern) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(pattern.c_str(), HS_FLAG_UTF8 | HS_FLAG_ALLOWEMPTY, &info, &err) !=
      HS_SUCCESS) {
    hs_free_compile_error(err);
    return false;
  }
  const bool empty = info->min_width == 0;
  free(info);  // allocated with Hyperscan's default allocator (malloc)
  return empty;
}

namespace {

// What the match callback fills: the candidates, and which patterns' ranges came out of order.
struct MatchSink {
  Candidates* out;
  const std::vector<uint32_t>* reach;
  std::vector<unsigned> unsorted;  // patterns whose ranges came out of order (rare: Hyperscan
                                   // does not promise end-offset order), maybe repeated
};

int OnMatch(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
            void* ctx) {
  auto* sink = static_cast<MatchSink*>(ctx);
  sink->out->fired[id] = 1;
  const uint32_t reach = (*sink->reach)[id];
  if (reach == 0) return 0;  // unbounded: confirmed over the whole text
  const auto end = static_cast<uint32_t>(to);
  if (!AppendMerged(&sink->out->ranges[id], ByteRange{end > reach ? end - reach : 0, end})) {
    sink->unsorted.push_back(id);
  }
  return 0;
}

}  // namespace

void PatternDatabase::ShapeMatches(std::string_view text, const DigitRun& run, std::string* shape,
                                   std::vector<uint32_t>* matches) const {
  matches->clear();
  ShapeOf(text, run, shape);
  const bool memo = shape->size() <= kMaxDigitShape;
  if (memo) {
    if (auto known = shapes_->Find(*shape)) {
      *matches = std::move(*known);
      return;
    }
  }
  for (size_t k = 0; k < digit_shaped_.size(); ++k) {
    const RE2* re = shape_re_[k] != nullptr ? &shape_re_[k]->get() : nullptr;
    if (re == nullptr || !re->ok() || RE2::PartialMatch(*shape, *re)) {
      matches->push_back(static_cast<uint32_t>(k));
    }
  }
  if (memo) shapes_->Put(*shape, *matches);
}

size_t PatternDatabase::CompileShapeFilters() const {
  size_t n = 0;
  for (const auto& re : shape_re_) n += re != nullptr ? (re->get(), 1) : 0;
  for (const auto& re : class_shape_re_) n += re != nullptr ? (re->get(), 1) : 0;
  return n;
}

size_t PatternDatabase::CompiledShapeFilters() const {
  size_t n = 0;
  for (const auto& re : shape_re_) n += re != nullptr && re->compiled() ? 1 : 0;
  for (const auto& re : class_shape_re_) n += re != nullptr && re->compiled() ? 1 : 0;
  return n;
}

void PatternDatabase::FilterClassRanges(std::string_view text, size_t k,
                                        std::vector<ByteRange>* ranges) const {
  if (class_shape_re_[k] == nullptr || ranges->empty()) return;
  const RE2* re = &class_shape_re_[k]->get();
  if (!re->ok()) return;
  std::string key = std::to_string(k) + ":";
  const size_t prefix = key.size();
  std::string shape;
  size_t kept = 0;
  for (const ByteRange& r : *ranges) {
    ClassShapeOf(text, r.begin, r.end, &shape);
    bool matches = true;
    if (shape.size() <= kMaxClassShape) {
      key.resize(prefix);
      key += shape;
      if (auto known = class_shapes_->Find(key)) {
        matches = *known;
      } else {
        matches = RE2::PartialMatch(shape, *re);
        class_shapes_->Put(key, matches);
      }
    }  // a longer range is kept: deciding it would cost what confirming it costs
    if (matches) (*ranges)[kept++] = r;
  }
  ranges->resize(kept);
}

void PatternDatabase::Scan(std::string_view text, std::vector<char>* fired) const {
  Candidates c;
  Scan(text, &c);
  *fired = std::move(c.fired);
}

void PatternDatabase::Scan(std::string_view text, Candidates* out,
                           const std::vector<char>* wanted) const {
  out->fired.assign(size_, 0);
  out->bounded.assign(size_, 0);
  if (out->ranges.size() != size_) out->ranges.resize(size_);
  for (std::vector<ByteRange>& r : out->ranges) r.clear();
  const auto size = static_cast<uint32_t>(text.size());
  for (size_t i : unfiltered_) out->fired[i] = 1;
  // Per thread, reused: a scan of a short text allocates nothing.
  thread_local struct {
    std::vector<DigitRun> runs;
    std::string shape;
    std::vector<uint32_t> matches;
    std::vector<uint32_t> digits;
  } scratch_buffers;
  // A huge text's buffers are let go on the next ordinary one (a position per digit of 4 MB
  // of digits is 16 MB).
  if (text.size() <= (1u << 20) &&
      scratch_buffers.digits.capacity() + scratch_buffers.runs.capacity() > (1u << 20)) {
    scratch_buffers = decltype(scratch_buffers){};
  }
  if (!digit_shaped_.empty()) {
    std::vector<DigitRun>& runs = scratch_buffers.runs;
    FindDigitRuns(text, &runs);
    std::string& shape = scratch_buffers.shape;
    std::vector<uint32_t>& matches = scratch_buffers.matches;
    for (const DigitRun& run : runs) {
      if (run.digits < min_run_digits_) continue;
      ShapeMatches(text, run, &shape, &matches);
      // From the start of the character before the run: a "(?:^|[^#\w])" prefix matches one
      // character, up to 4 bytes of UTF-8 (a zero-width space before a number).
      ByteRange range = DigitRunRange(run, size);
      while (range.begin > 0 && range.begin + 3 >= run.begin &&
             (static_cast<unsigned char>(text[range.begin]) & 0xC0) == 0x80) {
        --range.begin;
      }
      for (uint32_t k : matches) {
        const auto& [i, min_digits] = digit_shaped_[k];
        if (run.digits >= min_digits) AppendMerged(&out->ranges[i], range);
      }
    }
    for (const auto& [i, min_digits] : digit_shaped_) {
      out->fired[i] = out->ranges[i].empty() ? 0 : 1;
      out->bounded[i] = 1;
    }
  }
  if (!digit_window_.empty()) {
    std::vector<uint32_t>& digits = scratch_buffers.digits;
    digits.clear();
    for (size_t k = 0; k < text.size(); ++k) {
      if (k + 16 <= text.size()) {
        const size_t skip = FirstDigitIn16(text, k);
        k += skip;
        if (skip == 16) {
          --k;  // the loop steps on
          continue;
        }
      }
      if (text[k] >= '0' && text[k] <= '9') digits.push_back(static_cast<uint32_t>(k));
    }
    const uint32_t growth = HasAsciiFoldTarget(text) ? kFoldGrowth : 1;
    for (const auto& [i, w] : digit_window_) {
      if (wanted != nullptr && !(*wanted)[i]) continue;  // fired[i] stays 0
      out->fired[i] = HasDigitWindow(digits, w) ? 1 : 0;
      if (!out->fired[i]) continue;
      DigitWindowRanges(digits, w, static_cast<uint32_t>(w.max_len) * growth, size,
                        &out->ranges[i]);
      out->bounded[i] = 1;
    }
  }
  for (size_t k = 0; k < class_run_.size(); ++k) {
    const auto& [i, spec] = class_run_[k];
    if (wanted != nullptr && !(*wanted)[i]) continue;  // fired[i] stays 0
    ClassRunRanges(text, spec, &out->ranges[i]);
    FilterClassRanges(text, k, &out->ranges[i]);
    out->fired[i] = out->ranges[i].empty() ? 0 : 1;
    out->bounded[i] = 1;
  }
  if (db_ == nullptr) return;
  auto everything = [&] {  // be safe: RE2 decides everything over the whole text
    out->fired.assign(size_, 1);
    out->bounded.assign(size_, 0);
    for (std::vector<ByteRange>& r : out->ranges) r.clear();
  };
  hs_scratch_t* scratch = scratch_->Acquire();
  if (scratch == nullptr) return everything();  // out of memory
  // Patterns unbounded only through \s+ runs (multi-word keyword lists): bounded in this text
  // by its longest whitespace run.
  const std::vector<uint32_t>* reach = &reach_;
  thread_local std::vector<uint32_t> text_reach;
  if (has_ws_bounds_) {
    const uint64_t extra = std::max<uint32_t>(LongestWhitespaceRun(text), 1) - 1;
    text_reach = reach_;
    for (size_t i = 0; i < size_; ++i) {
      if (ws_count_[i] == 0) continue;
      const uint64_t r = ws_base_[i] + extra * ws_count_[i];
      text_reach[i] = r < size ? static_cast<uint32_t>(r) : 0;  // 0: the whole text anyway
    }
    reach = &text_reach;
  }
  MatchSink sink{out, reach, {}};
  const hs_error_t rc = hs_scan(db_, text.data(), size, 0, scratch, OnMatch, &sink);
  scratch_->Release(scratch);
  if (rc != HS_SUCCESS) return everything();
  for (unsigned i : sink.unsorted) SortAndMerge(&out->ranges[i]);  // idempotent
  for (size_t i = 0; i < size_; ++i) {
    if ((*reach)[i] > 0 && out->fired[i]) out->bounded[i] = 1;
  }
}

}  // namespace bulwark
