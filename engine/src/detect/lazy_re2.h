// LazyRe2: an RE2 compiled on first use. RE2 expands counted repetitions, so a token pattern
// such as `[A-Za-z0-9_-]{50,1000}` takes ~3 ms to compile; with 154 detectors, compiling every
// pattern up front was the largest part of `bulwark scan`'s startup, while a scan of one message
// confirms only the few patterns its prefilter fired for. The policy compiler still checks every
// pattern before the set is used: it compiles the ones whose facts it does not remember
// (detect/pattern_facts.h), so an invalid pattern is reported at load time as before.
//
// Thread-safety: get() may be called from any number of threads; the first call compiles.
#ifndef BULWARK_ENGINE_DETECT_LAZY_RE2_H_
#define BULWARK_ENGINE_DETECT_LAZY_RE2_H_

#include <re2/re2.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace bulwark {

class LazyRe2 {
 public:
  LazyRe2(std::string pattern, const RE2::Options& options)
      : pattern_(std::move(pattern)), options_(options) {}
  LazyRe2(const LazyRe2&) = delete;
  LazyRe2& operator=(const LazyRe2&) = delete;

  // The compiled pattern (compiled now if it was not yet). Never null; check ok() as for any
  // RE2.
  const RE2& get() const {
    std::call_once(once_, [this] {
      re_ = std::make_unique<RE2>(pattern_, options_);
      compiled_.store(true, std::memory_order_release);
    });
    return *re_;
  }
  // Whether get() has compiled it (for tests and stats).
  bool compiled() const { return compiled_.load(std::memory_order_acquire); }
  const std::string& pattern() const { return pattern_; }

 private:
  const std::string pattern_;
  const RE2::Options options_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
  mutable std::atomic<bool> compiled_{false};
};

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_LAZY_RE2_H_
