#include "detect/pattern_database.h"

#include <algorithm>
#include <cstdlib>

#include "detect/digit_shape.h"

namespace bulwark {
namespace {

constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8;

}  // namespace

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
    const std::vector<std::string>& patterns, std::vector<Rejection>* rejected) {
  std::unique_ptr<PatternDatabase> db(new PatternDatabase());
  db->size_ = patterns.size();
  // Compile everything; on a per-pattern error drop that pattern and retry. Hyperscan reports
  // the first failing expression only, so this loops once per rejected pattern.
  std::vector<bool> excluded(patterns.size(), false);
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (auto min_digits = DigitShapeMinDigits(patterns[i])) {
      excluded[i] = true;
      db->digit_shaped_.emplace_back(i, *min_digits);
    } else if (auto window = DigitWindowOf(patterns[i])) {
      excluded[i] = true;
      db->digit_window_.emplace_back(i, *window);
    }
  }
  while (true) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (size_t i = 0; i < patterns.size(); ++i) {
      if (excluded[i]) continue;
      exprs.push_back(patterns[i].c_str());
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
    if (rejected != nullptr) rejected->push_back({index, std::move(msg)});
  }
  std::sort(db->unfiltered_.begin(), db->unfiltered_.end());
  if (db->db_ != nullptr) {
    hs_scratch_t* proto = nullptr;
    if (hs_alloc_scratch(db->db_, &proto) != HS_SUCCESS) {
      return Status::Internal("hyperscan: cannot allocate scratch");
    }
    db->scratch_ = std::make_unique<ScratchPool>(proto);
  }
  return db;
}

PatternDatabase::~PatternDatabase() {
  scratch_.reset();
  if (db_ != nullptr) hs_free_database(db_);
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

void PatternDatabase::Scan(std::string_view text, std::vector<char>* fired) const {
  fired->assign(size_, 0);
  for (size_t i : unfiltered_) (*fired)[i] = 1;
  if (!digit_shaped_.empty()) {
    const int run = LongestDigitRun(text);
    for (const auto& [i, min_digits] : digit_shaped_) (*fired)[i] = run >= min_digits ? 1 : 0;
  }
  if (!digit_window_.empty()) {
    std::vector<uint32_t> digits;
    for (size_t k = 0; k < text.size(); ++k) {
      if (text[k] >= '0' && text[k] <= '9') digits.push_back(static_cast<uint32_t>(k));
    }
    for (const auto& [i, w] : digit_window_) (*fired)[i] = HasDigitWindow(digits, w) ? 1 : 0;
  }
  if (db_ == nullptr) return;
  hs_scratch_t* scratch = scratch_->Acquire();
  if (scratch == nullptr) {  // out of memory: be safe, let RE2 decide everything
    fired->assign(size_, 1);
    return;
  }
  auto on_match = [](unsigned id, unsigned long long /*from*/, unsigned long long /*to*/,
                     unsigned /*flags*/, void* ctx) -> int {
    (*static_cast<std::vector<char>*>(ctx))[id] = 1;
    return 0;
  };
  const hs_error_t rc =
      hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, fired);
  scratch_->Release(scratch);
  if (rc != HS_SUCCESS) fired->assign(size_, 1);
}

}  // namespace bulwark
