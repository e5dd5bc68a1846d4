// PatternDatabase: the single Hyperscan block-mode database of a PolicySet. It answers one
// question per field: which patterns MAY match this text? Every pattern is compiled with
// HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_UTF8, so the answer is a superset of the
// patterns whose RE2 form matches; RE2 then finds the exact spans. Digit-shaped patterns (card,
// national-id and account numbers) skip Hyperscan: a once-per-field digit-run test answers for
// them (detect/digit_shape.h). Patterns Hyperscan rejects are reported at build time and are
// always considered to match (RE2 runs on every field).
//
// Thread-safety: immutable after Build(); Scan() is thread-safe (scratch comes from a pool).
#ifndef BULWARK_ENGINE_DETECT_PATTERN_DATABASE_H_
#define BULWARK_ENGINE_DETECT_PATTERN_DATABASE_H_

#include <hs/hs.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/status.h"
#include "detect/digit_shape.h"

namespace bulwark {

class PatternDatabase {
 public:
  struct Rejection {
    size_t index;         // into the patterns given to Build()
    std::string message;  // Hyperscan's reason
  };

  // Compiles `patterns` (RE2 syntax). Fails only when Hyperscan itself fails for a reason other
  // than a specific pattern; rejected patterns are listed in `rejected` and fall back to RE2.
  // With a `cache_dir`, the compiled database is first looked up there (a file named by a
  // SHA-256 of the Hyperscan version, the flags and the patterns) and written there after a
  // compile; a stale, foreign-platform or corrupt file is ignored and replaced. The cache only
  // saves time: any failure to read or write it falls back to compiling.
  static Result<std::unique_ptr<PatternDatabase>> Build(
      const std::vector<std::string>& patterns, std::vector<Rejection>* rejected,
      const std::filesystem::path& cache_dir = {});

  // Whether Build() took the database from the cache.
  bool from_cache() const { return from_cache_; }

  PatternDatabase(const PatternDatabase&) = delete;
  PatternDatabase& operator=(const PatternDatabase&) = delete;
  ~PatternDatabase();

  // Resizes `fired` to the number of patterns and sets fired[i] = 1 for each pattern i that
  // may match `text`. Precondition: `text` is valid UTF-8.
  void Scan(std::string_view text, std::vector<char>* fired) const;

  size_t size() const { return size_; }
  // Patterns in the Hyperscan database.
  size_t prefiltered() const {
    return size_ - unfiltered_.size() - digit_shaped_.size() - digit_window_.size();
  }
  // Patterns prefiltered by the digit-run or digit-window tests instead (detect/digit_shape.h).
  size_t digit_shaped() const { return digit_shaped_.size() + digit_window_.size(); }
  // Indexes of patterns that are not in the database (Hyperscan rejected them).
  const std::vector<size_t>& unfiltered() const { return unfiltered_; }

 private:
  PatternDatabase() = default;
  bool LoadCache(const std::filesystem::path& file, std::vector<Rejection>* found);
  void SaveCache(const std::filesystem::path& file, const std::vector<Rejection>& found) const;

  class ScratchPool;
  size_t size_ = 0;
  hs_database_t* db_ = nullptr;
  std::unique_ptr<ScratchPool> scratch_;
  std::vector<size_t> unfiltered_;
  std::vector<std::pair<size_t, int>> digit_shaped_;  // pattern index, minimum digits
  std::vector<std::pair<size_t, DigitWindow>> digit_window_;
  bool from_cache_ = false;
};

// True when Hyperscan parses `pattern` (RE2 syntax, UTF-8 mode) and its minimum match width is
// zero, i.e. the pattern can match an empty string somewhere. False when it cannot or when
// Hyperscan does not parse it.
bool PatternCanMatchEmpty(const std::string& pattern);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_PATTERN_DATABASE_H_
