#include "eval/scanner.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "detect/masking.h"
#include "detect/placeholder.h"
#include "util/utf8.h"

namespace bulwark {
namespace {

// The proximity test: is any span of `ctx` (sorted by start) within `window` code points of
// [start, end)?
bool NearContext(std::string_view text, const std::vector<Span>& ctx, Span value, size_t window) {
  if (ctx.empty()) return false;
  // First context span starting at or after the value's end, and the one before it.
  auto it = std::lower_bound(ctx.begin(), ctx.end(), Span{value.end, 0});
  if (it != ctx.end() && AtMostCodePoints(text, value.end, it->start, window)) return true;
  // Any earlier span that ends within the window before the value (or overlaps it). Spans are
  // non-overlapping and sorted, so ends are sorted too: the nearest is the last one before `it`.
  if (it != ctx.begin()) {
    const Span& prev = *(it - 1);
    if (prev.end >= value.start) return true;  // overlaps or touches the value
    if (AtMostCodePoints(text, prev.end, value.start, window)) return true;
  }
  return false;
}

// Runs a plugin detector when one of its prefilters fired (or always, without prefilters).
// False when it did not run or failed; a failure is a warning naming the plugin (never the
// plugin's error text, which may quote the content) and yields no spans for this field.
bool ScanWithPlugin(const CompiledDetector& det, std::chrono::nanoseconds budget,
                    const std::string& field_name, std::string_view text, ScanState* state,
                    std::vector<Span>* spans, std::vector<Confidence>* base,
                    std::vector<std::string>* warnings) {
  std::vector<uint32_t> fired;
  for (size_t i = 0; i < det.plugin_prefilters.size(); ++i) {
    if (state->candidates.fired[det.plugin_prefilters[i]])
      fired.push_back(static_cast<uint32_t>(i));
  }
  if (!det.plugin_prefilters.empty() && fired.empty()) return false;
  if (det.plugin->quarantined()) {  // not run at all: this field was not examined for it
    state->incomplete.push_back(Incomplete{"plugin_quarantined", det.name, field_name});
    return false;
  }
  std::vector<PluginFinding> findings;
  const PluginDetector::Outcome outcome = det.plugin->Scan(text, fired, budget, &findings);
  const std::string quarantine =
      det.plugin->quarantined() ? " (quarantined after " + std::to_string(kPluginQuarantineAfter) +
                                      " failures or overruns in a row)"
                                : "";
  if (outcome == PluginDetector::Outcome::kFailed) {
    state->incomplete.push_back(Incomplete{"plugin_failed", det.name, field_name});
    warnings->push_back("detector '" + det.name + "': plugin '" + det.plugin->name() +
                        "' failed on field '" + field_name + "'; no findings from it there" +
                        quarantine);
    return false;
  }
  if (outcome == PluginDetector::Outcome::kOverran) {
    state->incomplete.push_back(Incomplete{"plugin_time_budget", det.name, field_name});
    warnings->push_back(
        "detector '" + det.name + "': plugin '" + det.plugin->name() + "' took longer than " +
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(budget).count()) +
        " ms on field '" + field_name + "'" + quarantine);
  }
  for (const PluginFinding& f : findings) {
    spans->push_back(Span{static_cast<uint32_t>(f.start), static_cast<uint32_t>(f.end)});
    base->push_back(static_cast<Confidence>(f.confidence));
  }
  return true;
}

}  // namespace

namespace {

// Appends the spans of the leftmost-first, non-overlapping matches of `re` that lie in
// text[begin, end), RE2 seeing the whole text as context. False once `limit` spans are out.
bool AppendSpans(const RE2& re, int capture, std::string_view text, size_t begin, size_t end,
                 size_t limit, std::vector<re2::StringPiece>* groups, std::vector<Span>* out) {
  const int ngroups = capture + 1;
  const re2::StringPiece input(text.data(), text.size());
  size_t pos = begin;
  while (pos <= end) {
    if (!re.Match(input, pos, end, RE2::UNANCHORED, groups->data(), ngroups)) break;
    const re2::StringPiece& m = (*groups)[0];
    const size_t mstart = static_cast<size_t>(m.data() - text.data());
    const size_t mend = mstart + m.size();
    const re2::StringPiece& v = (*groups)[static_cast<size_t>(capture)];
    if (v.data() != nullptr && !v.empty()) {
      if (out->size() == limit) return false;
      const auto vs = static_cast<uint32_t>(v.data() - text.data());
      out->push_back(Span{vs, vs + static_cast<uint32_t>(v.size())});
    }
    if (mend > mstart) {
      pos = mend;
    } else {  // empty match: step over one UTF-8 character
      const size_t len = mstart < text.size() ? Utf8SequenceLength(text, mstart) : 1;
      pos = mstart + (len == 0 ? 1 : len);
    }
  }
  return true;
}

}  // namespace

std::vector<Span> FindAllSpans(const RE2& re, int capture, std::string_view text, size_t limit,
                               bool* truncated) {
  std::vector<Span> out;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(capture) + 1);
  *truncated = !AppendSpans(re, capture, text, 0, text.size(), limit, &groups, &out);
  return out;
}

namespace {

// Fewer ranges than this are searched one by one: the filter's own search and the copy of
// the ranges cost about what one RE2 call on a range does.
constexpr size_t kRangeFilterMinRanges = 3;

// Sets (*keep)[i] for every range i that may hold a match. The ranges are laid end to end in
// one buffer, each with the byte before and the byte after it and a '\n' after that, and
// `filter` — the pattern with (?m) — is searched once over the buffer. A match of the pattern
// within range i, seen with the whole text around it (as AppendSpans searches), is a match of
// `filter` in i's copy: its bytes are the same, \b and \B at its ends see the same neighbour
// bytes, and where ^ or $ held (the ends of the text) a '\n' or an end of the buffer is next to
// it now. The search from any earlier position reports a match starting at or before it, so
// one of the matches reported overlaps range i: a range with a match is always kept. A range
// kept without one (a match of `filter` across a '\n' or on a neighbour byte) only costs its
// own search.
void KeepRangesWithMatches(const RE2& filter, std::string_view text,
                           const std::vector<ByteRange>& ranges, std::vector<char>* keep) {
  thread_local std::string laid;
  thread_local std::vector<size_t> starts;  // where range i's copy starts in `laid`
  laid.clear();
  starts.clear();
  for (const ByteRange& r : ranges) {
    const size_t end = std::min<size_t>(r.end, text.size());
    const size_t from = std::min<size_t>(r.begin > 0 ? r.begin - 1 : 0, end);
    const size_t to = std::min<size_t>(end + 1, text.size());
    starts.push_back(laid.size());
    laid.append(text.data() + from, to - from);
    laid.push_back('\n');
  }
  keep->assign(ranges.size(), 0);
  const re2::StringPiece input(laid.data(), laid.size());
  re2::StringPiece m;
  size_t pos = 0;
  while (pos < laid.size() && filter.Match(input, pos, laid.size(), RE2::UNANCHORED, &m, 1)) {
    const auto ms = static_cast<size_t>(m.data() - laid.data());
    const size_t me = std::max(ms + m.size(), ms + 1);
    size_t i =
        static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), ms) - starts.begin()) -
        1;
    for (; i < starts.size() && starts[i] < me; ++i) (*keep)[i] = 1;
    pos = me;
  }
  if (laid.capacity() > (1u << 20)) laid = std::string();  // do not pin a huge field's copy
}

}  // namespace

std::optional<std::string> RangeFilterPattern(const std::string& pattern) {
  if (pattern.find("\\A") != std::string::npos || pattern.find("\\z") != std::string::npos) {
    return std::nullopt;
  }
  // A flag group that turns a flag off ("(?-m)", "(?i-m:"): m could be among them.
  for (size_t p = pattern.find("(?"); p != std::string::npos; p = pattern.find("(?", p + 2)) {
    size_t q = p + 2;
    while (q < pattern.size() && std::isalpha(static_cast<unsigned char>(pattern[q]))) ++q;
    if (q < pattern.size() && pattern[q] == '-') return std::nullopt;
  }
  return "(?m)" + pattern;
}

std::vector<Span> FindSpansInRanges(const RE2& re, int capture, std::string_view text,
                                    const std::vector<ByteRange>& ranges, size_t limit,
                                    bool* truncated, const LazyRe2* filter) {
  std::vector<Span> out;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(capture) + 1);
  *truncated = false;
  thread_local std::vector<char> keep;
  // Compiled on the first field with enough ranges.
  const bool filtered =
      filter != nullptr && ranges.size() >= kRangeFilterMinRanges && filter->get().ok();
  if (filtered) KeepRangesWithMatches(filter->get(), text, ranges, &keep);
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (filtered && !keep[i]) continue;
    const ByteRange& r = ranges[i];
    if (!AppendSpans(re, capture, text, r.begin, std::min<size_t>(r.end, text.size()), limit,
                     &groups, &out)) {
      *truncated = true;
      break;
    }
  }
  return out;
}

void NearContextRanges(std::string_view text, const std::vector<Span>& context, size_t window,
                       uint32_t reach, std::vector<ByteRange>* out) {
  out->clear();
  const uint64_t size = text.size();
  // A value within `window` code points of a keyword ends (or starts) at most 4 bytes per code
  // point away from it, and is at most `reach` bytes long.
  const uint64_t widen = uint64_t{window} * 4 + reach;
  for (const Span& s : context) {
    uint64_t begin = s.start > widen ? s.start - widen : 0;
    uint64_t end = std::min<uint64_t>(size, uint64_t{s.end} + widen);
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    while (end < size && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    AppendMerged(out, ByteRange{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  }
}

std::vector<Span> FindCandidateSpans(const RE2& re, int capture, std::string_view text,
                                     const Candidates& cand, size_t k, size_t limit,
                                     bool* truncated, const LazyRe2* filter) {
  *truncated = false;
  if (!cand.fired[k]) return {};
  return cand.bounded[k]
             ? FindSpansInRanges(re, capture, text, cand.ranges[k], limit, truncated, filter)
             : FindAllSpans(re, capture, text, limit, truncated);
}

namespace {

// The nearest span of `ctx` (sorted) to `value`, in code points (0 when they touch or overlap).
std::optional<std::pair<uint64_t, Span>> NearestContext(std::string_view text,
                                                        const std::vector<Span>& ctx, Span value) {
  std::optional<std::pair<uint64_t, Span>> best;
  auto it = std::lower_bound(ctx.begin(), ctx.end(), Span{value.end, 0});
  if (it != ctx.end()) best = {{CountCodePoints(text, value.end, it->start), *it}};
  if (it != ctx.begin()) {
    const Span& prev = *(it - 1);
    const uint64_t d = prev.end >= value.start ? 0 : CountCodePoints(text, prev.end, value.start);
    if (!best || d <= best->first) best = {{d, prev}};
  }
  return best;
}

// The trace of one detector's work in one field (PolicySet::Explain); every call is a no-op
// without a trace.
class DetectorRecorder {
 public:
  DetectorRecorder(ScanState* state, size_t detector, const std::string& field)
      : trace_(state->trace), field_(field) {
    if (trace_ != nullptr) out_ = &(*trace_->detectors)[detector];
  }
  bool on() const { return out_ != nullptr; }

  // A string_view: without a trace (every evaluation but Explain) a note costs nothing.
  void Note(std::string_view what) {
    if (!on()) return;
    out_->notes.push_back("field '" + field_ + "'" + (trace_->norm ? " (normalized)" : "") + ": " +
                          std::string(what));
  }

  // Starts the trace of a candidate at `span` of the scanned text; false (and nothing
  // recorded) when it repeats one found in the original text.
  bool Begin(const CompiledDetector& det, Span span, std::string_view value) {
    if (!on()) return false;
    CandidateTrace c;
    c.field = field_;
    c.start = span.start;
    c.end = span.end;
    if (trace_->norm != nullptr) {
      c.start = trace_->norm->OriginalStart(span.start);
      c.end = trace_->norm->OriginalEnd(span.end);
      c.normalizations = NormalizationNames(trace_->norm->AppliedWithin(span.start, span.end));
      for (const CandidateTrace& o : out_->candidates) {
        if (o.field == c.field && o.start == c.start && o.end == c.end) return false;
      }
    }
    c.masked = MaskValue(value, det.mask.keep_start, det.mask.keep_end, det.mask.keep_shape);
    out_->candidates.push_back(std::move(c));
    current_ = &out_->candidates.back();
    return true;
  }
  CandidateTrace* current() const { return current_; }

 private:
  ScanTrace* trace_;
  const std::string& field_;
  DetectorTrace* out_ = nullptr;
  CandidateTrace* current_ = nullptr;
};

}  // namespace

void ScanField(const CompiledPolicySet& set, uint32_t field_index, const std::string& field_name,
               std::string_view text, const std::vector<char>& needed, ScanState* state,
               std::vector<std::vector<Hit>>* hits, std::vector<std::string>* warnings) {
  // Out of time before the field: nothing of it is examined (no database scan either).
  if (OutOfTime(state)) {
    for (size_t d = 0; d < set.detectors.size(); ++d) {
      if (!needed[d]) continue;
      state->incomplete.push_back(Incomplete{"time_budget", set.detectors[d].name, field_name});
      ++state->skipped;
      DetectorRecorder(state, d, field_name).Note("not examined: the event's time budget ran out");
    }
    return;
  }
  state->context_done.assign(set.context_re.size(), 0);
  state->context_truncated.assign(set.context_re.size(), 0);
  state->context_scanned = false;
  // A detector counted only with context is skipped where its context list cannot occur (see
  // below); its pattern is then not looked for either, unless another detector needs it. Only
  // class-run and digit-window patterns are left out this way (PatternDatabase::Scan): the
  // others cost about as much for one pattern as for all.
  std::vector<char>& wanted = state->wanted_patterns;
  wanted.assign(set.database->size(), 0);
  for (size_t d = 0; d < set.detectors.size(); ++d) {
    const CompiledDetector& det = set.detectors[d];
    if (!needed[d]) continue;
    if (det.plugin) {
      for (size_t p : det.plugin_prefilters) wanted[p] = 1;
      continue;
    }
    if (needed[d] == kNeededWithContext) {
      if (!state->context_scanned) {
        set.context_database->Scan(text, &state->context_candidates);
        state->context_scanned = true;
      }
      if (!state->context_candidates.fired[*det.context_pattern]) continue;
    }
    wanted[det.pattern] = 1;
  }
  set.database->Scan(text, &state->candidates, &wanted);
  const Candidates& cand = state->candidates;
  if (state->context_spans.size() < set.context_re.size()) {
    state->context_spans.resize(set.context_re.size());
  }
  // The spans of context keyword list `cp` (context words or exclude words) in this field,
  // found on first use.
  const auto context_spans = [&](size_t cp,
                                 const std::string& detector) -> const std::vector<Span>& {
    if (!state->context_done[cp]) {
      bool ctx_truncated = false;
      if (!state->context_scanned) {
        set.context_database->Scan(text, &state->context_candidates);
        state->context_scanned = true;
      }
      const RE2& ctx_re = set.context_re[cp]->get();
      if (!ctx_re.ok()) {  // as for the detector's own pattern: fail closed
        state->incomplete.push_back(Incomplete{"pattern_invalid", detector, field_name});
        warnings->push_back("detector '" + detector + "': its context keywords do not " +
                            "compile as checked at load");
      }
      state->context_spans[cp] = FindCandidateSpans(ctx_re, 0, text, state->context_candidates, cp,
                                                    kMaxCandidatesPerField, &ctx_truncated);
      state->context_done[cp] = 1;
      state->context_truncated[cp] = ctx_truncated ? 1 : 0;
    }
    return state->context_spans[cp];
  };
  for (size_t d = 0; d < set.detectors.size(); ++d) {
    if (!needed[d]) continue;
    const CompiledDetector& det = set.detectors[d];
    DetectorRecorder rec(state, d, field_name);
    // The clock is read at the start of each field and around each plugin call (plugins are
    // what can take unbounded time); a pattern detector's work is bounded by the field's size,
    // so between reads it only looks at the latched result. Only detectors with work to do
    // (a prefilter fired, or a plugin) are marked: the others are complete whatever the time.
    const auto out_of_time = [&](bool read_clock) {
      if (!(read_clock ? OutOfTime(state) : state->out_of_time)) return false;
      state->incomplete.push_back(Incomplete{"time_budget", det.name, field_name});
      ++state->skipped;
      rec.Note("not examined: the event's time budget ran out");
      return true;
    };
    std::vector<Span> spans;
    std::vector<Confidence> base;  // plugin detectors: the confidence of each finding
    if (det.plugin) {
      if (out_of_time(/*read_clock=*/true)) continue;
      const size_t failures = state->incomplete.size();
      const bool ran = ScanWithPlugin(det, set.options.plugin_time_budget, field_name, text, state,
                                      &spans, &base, warnings);
      OutOfTime(state);  // latched for the detectors after it
      if (!ran) {
        rec.Note(state->incomplete.size() > failures ? state->incomplete.back().reason
                                                     : "no prefilter of the plugin fired");
        continue;
      }
    } else {
      // Context first: without it the pattern was not looked for (see `wanted` above).
      if (needed[d] == kNeededWithContext &&
          !state->context_candidates.fired[*det.context_pattern]) {
        rec.Note(
            "not scanned: the rules count its hits only with context, and no context keyword "
            "is in the field");
        continue;
      }
      // A pattern without a prefilter (Kind::kNearContext) is searched around the context
      // keywords where only its context hits can count, else (PolicySet::Detect asks for every
      // hit; a width that is not bounded) with RE2 over the whole field.
      const bool windows = det.near_context_scan && set.database->reach(det.pattern) != 0 &&
                           (det.context_required || needed[d] == kNeededWithContext);
      std::vector<ByteRange>& near_ranges = state->near_ranges;
      if (windows) {
        NearContextRanges(text, context_spans(*det.context_pattern, det.name), det.context_window,
                          set.database->reach(det.pattern), &near_ranges);
        if (rec.on()) {  // the note's string is built only for a trace
          rec.Note("searched only around its context keywords (" +
                   std::to_string(near_ranges.size()) +
                   " ranges): no prefilter, and only its hits next to them can count");
        }
        // Values near the keywords past the cap were not looked for: fail closed.
        if (state->context_truncated[*det.context_pattern]) {
          state->incomplete.push_back(Incomplete{"candidate_cap", det.name, field_name});
          warnings->push_back("detector '" + det.name + "': more than " +
                              std::to_string(kMaxCandidatesPerField) +
                              " context keywords in field '" + field_name +
                              "'; values near the rest were not looked for");
          rec.Note("context keyword cap of " + std::to_string(kMaxCandidatesPerField) +
                   " reached; values near the rest were not looked for");
        }
      } else if (!det.near_context_scan && !cand.fired[det.pattern]) {
        rec.Note("the prefilter found no possible match");
        continue;
      }
      if (out_of_time(/*read_clock=*/false)) continue;
      const RE2& re = set.pattern_re[det.pattern]->get();
      // Compiled now from facts an earlier load remembered (pattern-facts in the cache): should
      // this RE2 disagree with them (another RE2 version, a damaged cache), fail closed.
      if (!re.ok() || det.capture > re.NumberOfCapturingGroups()) {
        state->incomplete.push_back(Incomplete{"pattern_invalid", det.name, field_name});
        warnings->push_back("detector '" + det.name + "': its pattern does not compile as " +
                            "checked at load (delete the cache directory's pattern-facts)");
        rec.Note("the pattern does not compile as checked at load");
        continue;
      }
      bool truncated = false;
      if (windows) {
        spans = FindSpansInRanges(re, det.capture, text, near_ranges, kMaxCandidatesPerField,
                                  &truncated, nullptr);
      } else if (det.near_context_scan) {
        spans = FindAllSpans(re, det.capture, text, kMaxCandidatesPerField, &truncated);
      } else {
        spans = FindCandidateSpans(re, det.capture, text, cand, det.pattern, kMaxCandidatesPerField,
                                   &truncated, set.pattern_range_filter[det.pattern].get());
      }
      if (truncated) {
        state->incomplete.push_back(Incomplete{"candidate_cap", det.name, field_name});
        warnings->push_back("detector '" + det.name + "': more than " +
                            std::to_string(kMaxCandidatesPerField) + " candidates in field '" +
                            field_name + "'; the rest were not examined");
        rec.Note("candidate cap of " + std::to_string(kMaxCandidatesPerField) +
                 " reached; the rest were not examined");
      }
      if (spans.empty()) rec.Note("the prefilter fired but the pattern matched nothing");
    }
    for (size_t k = 0; k < spans.size(); ++k) {
      // Confirming is bounded per candidate, and candidates by the cap; still, look at the
      // clock now and then so that one detector cannot use up far more than the budget.
      if (k % 1024 == 1023 && OutOfTime(state)) {
        state->incomplete.push_back(Incomplete{"time_budget", det.name, field_name});
        ++state->skipped;
        rec.Note("the event's time budget ran out after " + std::to_string(k) + " of " +
                 std::to_string(spans.size()) + " candidates");
        break;
      }
      const Span& span = spans[k];
      std::string_view value = text.substr(span.start, span.end - span.start);
      CandidateTrace* t = rec.Begin(det, span, value) ? rec.current() : nullptr;
      if (!det.allow_exact.empty() && (det.allow_exact.count(std::string(value)) ||
                                       det.allow_exact.count(CanonicalValue(value)))) {
        if (t) {
          t->outcome = "allowlisted";
          t->reason = "an exact allowlist entry";
        }
        continue;
      }
      const RE2* allowed = nullptr;
      for (const auto& re : det.allow_regex) {
        if (RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *re)) {
          allowed = re.get();
          break;
        }
      }
      if (allowed != nullptr) {
        if (t) {
          t->outcome = "allowlisted";
          t->reason = "allowlist regex " + allowed->pattern();
        }
        continue;
      }
      if (det.reject_placeholders) {
        if (auto why = PlaceholderReason(value)) {
          if (t) {
            t->outcome = "placeholder";
            t->reason = "looks like a placeholder: " + *why;
          }
          continue;
        }
      }
      Confidence conf = det.plugin ? base[k] : det.base;
      if (t) t->confidence_steps.push_back("base " + std::string(ToString(conf)));
      if (det.validator) {
        const bool valid = det.validator->Valid(value);
        const std::string vname(det.validator->name());
        if (!valid && det.validator_required) {
          if (t) {
            t->outcome = "validator_failed";
            t->reason = "validator " + vname + " rejected it";
          }
          continue;
        }
        if (valid && det.with_validator) conf = std::max(conf, *det.with_validator);
        if (t) {
          t->confidence_steps.push_back("validator " + vname + (valid ? " passed" : " failed") +
                                        ": " + std::string(ToString(conf)));
        }
      }
      // Exclude words nearby lower the value to low; its own context words still raise it.
      if (det.exclude_pattern && NearContext(text, context_spans(*det.exclude_pattern, det.name),
                                             span, det.context_window)) {
        conf = Confidence::kLow;
        if (t) {
          t->confidence_steps.push_back("exclude word within " +
                                        std::to_string(det.context_window) + " code points: low");
        }
      }
      if (det.context_pattern) {
        const size_t cp = *det.context_pattern;
        const bool near = NearContext(text, context_spans(cp, det.name), span, det.context_window);
        if (near) conf = std::max(conf, det.with_context);
        if (!near && det.context_required) {
          if (t) {
            t->outcome = "no_context";
            t->reason = "context is required, and no keyword is within " +
                        std::to_string(det.context_window) + " code points";
          }
          continue;
        }
        if (t) {
          t->context_window = det.context_window;
          const auto nearest = NearestContext(text, state->context_spans[cp], span);
          if (nearest) {
            t->context_distance = nearest->first;
            t->context_keyword = std::string(
                text.substr(nearest->second.start, nearest->second.end - nearest->second.start));
          }
          t->confidence_steps.push_back(
              near ? "context within " + std::to_string(det.context_window) +
                         " code points: " + std::string(ToString(conf))
                   : "no context within " + std::to_string(det.context_window) + " code points");
        }
      }
      if (t) {
        t->outcome = "accepted";
        t->confidence = conf;
      }
      (*hits)[d].push_back(Hit{field_index, span, conf, std::string(value)});
    }
  }
}

}  // namespace bulwark
