// Scanner: finds detector hits in one field. Stage 1 asks the PatternDatabase which patterns
// may match and where; stage 2 runs each fired detector's RE2 over those byte ranges only (the
// whole field for patterns without a width bound) for exact spans; stage 3
// applies the allowlist, the validator and context to confirm hits and set their confidence.
// Context terms are found with RE2 only for fields that have a candidate needing them, once
// per field and context pattern.
#ifndef BULWARK_ENGINE_EVAL_SCANNER_H_
#define BULWARK_ENGINE_EVAL_SCANNER_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bulwark/explanation.h"
#include "detect/canonical.h"
#include "detect/normalizer.h"
#include "detect/pattern_database.h"
#include "policy/compiled.h"

namespace bulwark {

// At most this many candidates per detector and field are examined; a warning says so.
inline constexpr size_t kMaxCandidatesPerField = 10000;

struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  bool operator==(const Span& o) const { return start == o.start && end == o.end; }
  bool operator<(const Span& o) const { return start != o.start ? start < o.start : end < o.end; }
};

struct Hit {
  uint32_t field = 0;  // index into Content::fields
  Span span;           // of the value (the capture group, or the whole match)
  Confidence confidence = Confidence::kLow;
  std::string value;            // in memory only; never serialized
  uint32_t normalizations = 0;  // Normalization bits when found only after normalizing
};

// The non-empty value spans of every leftmost-first, non-overlapping match of `re` in `text`
// (the matched group `capture`, 0 for the whole match). Stops after `limit` spans and sets
// *truncated. This is exactly "run the detector's RE2 over the whole text".
std::vector<Span> FindAllSpans(const RE2& re, int capture, std::string_view text, size_t limit,
                               bool* truncated);

// The same spans as FindAllSpans when every match of `re` in `text` lies inside one of `ranges`
// (sorted, disjoint): RE2 runs on each range only, with the whole text as context. With a
// `filter` (the pattern as RangeFilterPattern gives it, compiled as `re` is) and several ranges,
// one search of `filter` over the ranges laid end to end first picks the ranges that may hold a
// match, and only those get their own search; the spans are the same either way.
std::vector<Span> FindSpansInRanges(const RE2& re, int capture, std::string_view text,
                                    const std::vector<ByteRange>& ranges, size_t limit,
                                    bool* truncated, const LazyRe2* filter = nullptr);

// The ranges of `text` that hold every match of a pattern whose matches are at most `reach`
// bytes long and lie within `window` code points of one of `context` (sorted spans): each span
// widened by 4 bytes per code point of the window and by `reach`, snapped to UTF-8 character
// boundaries, merged. For context-required detectors (PatternDatabase::Kind::kNearContext).
void NearContextRanges(std::string_view text, const std::vector<Span>& context, size_t window,
                       uint32_t reach, std::vector<ByteRange>* out);

// The spans of pattern `k` of a database whose Scan() gave `cand`: none when it did not fire, RE2
// inside its ranges when they are bounded (with `filter` as FindSpansInRanges takes it), else
// over the whole text.
std::vector<Span> FindCandidateSpans(const RE2& re, int capture, std::string_view text,
                                     const Candidates& cand, size_t k, size_t limit,
                                     bool* truncated, const LazyRe2* filter = nullptr);

// The filter of `pattern` for FindSpansInRanges: the pattern in multi-line mode, "(?m)" ahead
// of it. Nullopt when the pattern holds what the filter cannot keep: \A or \z (true only at
// the ends of the laid-out ranges), or a flag turned off inside it ("(?-m)" among them).
std::optional<std::string> RangeFilterPattern(const std::string& pattern);

// Where the scanner records its decisions for PolicySet::Explain; absent, nothing is recorded
// and the scan costs what it costs without it.
struct ScanTrace {
  std::vector<DetectorTrace>* detectors = nullptr;  // indexed like CompiledPolicySet::detectors
  const NormalizedText* norm = nullptr;  // set while the normalized form of a field is scanned
};

// Per-call scratch state of the scanner: reused across fields to avoid allocations.
struct ScanState {
  // Ready for a new event: the per-event members are cleared; the buffers (candidates, spans,
  // masks) keep their memory, so a state reused per thread allocates nothing per event.
  void Reset() {
    trace = nullptr;
    incomplete.clear();
    context_scanned = false;
    deadline = std::chrono::steady_clock::time_point::max();
    out_of_time = false;
    skipped = 0;
  }

  ScanTrace* trace = nullptr;
  Candidates candidates;
  std::vector<std::vector<Span>>
      context_spans;  // by CompiledPolicySet::context_re index, computed lazily
  std::vector<char> context_done;
  std::vector<char> context_truncated;  // same index: more than kMaxCandidatesPerField spans
  std::vector<Incomplete> incomplete;   // what could not be examined fully, across fields
  Candidates context_candidates;        // of the context database, for the current field
  bool context_scanned = false;
  std::vector<char> wanted_patterns;   // by pattern: some detector will confirm it in this field
  std::vector<ByteRange> near_ranges;  // of the detector searched around its context keywords
  // The event's time budget: past `deadline`, detectors are no longer run (see OutOfTime).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool out_of_time = false;  // latched: once past the deadline, every later check says so
  size_t skipped = 0;        // (detector, field) scans not done for want of time
};

// True once the event's deadline has passed (one clock read until then, none after).
inline bool OutOfTime(ScanState* state) {
  if (state->out_of_time) return true;
  if (state->deadline == std::chrono::steady_clock::time_point::max()) return false;
  state->out_of_time = std::chrono::steady_clock::now() > state->deadline;
  return state->out_of_time;
}

// needed[d]: 0, detector d is not scanned; 1, it is; kNeededWithContext, only in fields where
// its context list may occur (the prefilter of the context lists fired for it), because only
// its hits with context can reach the confidence the rules ask for.
inline constexpr char kNeededWithContext = 2;

// Scans field `field_index` (text must be valid UTF-8) for every detector d with needed[d],
// appending confirmed hits to (*hits)[d] and human-readable warnings to *warnings.
void ScanField(const CompiledPolicySet& set, uint32_t field_index, const std::string& field_name,
               std::string_view text, const std::vector<char>& needed, ScanState* state,
               std::vector<std::vector<Hit>>* hits, std::vector<std::string>* warnings);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_EVAL_SCANNER_H_
