#include "eval/scanner.h"

#include <algorithm>

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
bool ScanWithPlugin(const CompiledDetector& det, const std::string& field_name,
                    std::string_view text, ScanState* state, std::vector<Span>* spans,
                    std::vector<Confidence>* base, std::vector<std::string>* warnings) {
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
  if (!det.plugin->Scan(text, fired, &findings)) {
    state->incomplete.push_back(Incomplete{"plugin_failed", det.name, field_name});
    warnings->push_back("detector '" + det.name + "': plugin '" + det.plugin->name() +
                        "' failed on field '" + field_name + "'; no findings from it there" +
                        (det.plugin->quarantined()
                             ? " (quarantined after " + std::to_string(kPluginQuarantineAfter) +
                                   " failures in a row)"
                             : ""));
    return false;
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

std::vector<Span> FindSpansInRanges(const RE2& re, int capture, std::string_view text,
                                    const std::vector<ByteRange>& ranges, size_t limit,
                                    bool* truncated) {
  std::vector<Span> out;
  std::vector<re2::StringPiece> groups(static_cast<size_t>(capture) + 1);
  *truncated = false;
  for (const ByteRange& r : ranges) {
    if (!AppendSpans(re, capture, text, r.begin, std::min<size_t>(r.end, text.size()), limit,
                     &groups, &out)) {
      *truncated = true;
      break;
    }
  }
  return out;
}

std::vector<Span> FindCandidateSpans(const RE2& re, int capture, std::string_view text,
                                     const Candidates& cand, size_t k, size_t limit,
                                     bool* truncated) {
  *truncated = false;
  if (!cand.fired[k]) return {};
  return cand.bounded[k] ? FindSpansInRanges(re, capture, text, cand.ranges[k], limit, truncated)
                         : FindAllSpans(re, capture, text, limit, truncated);
}

void ScanField(const CompiledPolicySet& set, uint32_t field_index, const std::string& field_name,
               std::string_view text, const std::vector<char>& needed, ScanState* state,
               std::vector<std::vector<Hit>>* hits, std::vector<std::string>* warnings) {
  set.database->Scan(text, &state->candidates);
  const Candidates& cand = state->candidates;
  state->context_done.assign(set.context_re.size(), 0);
  state->context_scanned = false;
  if (state->context_spans.size() < set.context_re.size()) {
    state->context_spans.resize(set.context_re.size());
  }
  for (size_t d = 0; d < set.detectors.size(); ++d) {
    if (!needed[d]) continue;
    const CompiledDetector& det = set.detectors[d];
    std::vector<Span> spans;
    std::vector<Confidence> base;  // plugin detectors: the confidence of each finding
    if (det.plugin) {
      if (!ScanWithPlugin(det, field_name, text, state, &spans, &base, warnings)) continue;
    } else {
      if (!cand.fired[det.pattern]) continue;
      bool truncated = false;
      spans = FindCandidateSpans(*set.pattern_re[det.pattern], det.capture, text, cand, det.pattern,
                                 kMaxCandidatesPerField, &truncated);
      if (truncated) {
        state->incomplete.push_back(Incomplete{"candidate_cap", det.name, field_name});
        warnings->push_back("detector '" + det.name + "': more than " +
                            std::to_string(kMaxCandidatesPerField) + " candidates in field '" +
                            field_name + "'; the rest were not examined");
      }
    }
    for (size_t k = 0; k < spans.size(); ++k) {
      const Span& span = spans[k];
      std::string_view value = text.substr(span.start, span.end - span.start);
      if (!det.allow_exact.empty() && (det.allow_exact.count(std::string(value)) ||
                                       det.allow_exact.count(CanonicalValue(value)))) {
        continue;
      }
      bool allowed = false;
      for (const auto& re : det.allow_regex) {
        if (RE2::FullMatch(re2::StringPiece(value.data(), value.size()), *re)) {
          allowed = true;
          break;
        }
      }
      if (allowed) continue;
      Confidence conf = det.plugin ? base[k] : det.base;
      if (det.validator) {
        const bool valid = det.validator->Valid(value);
        if (!valid && det.validator_required) continue;
        if (valid && det.with_validator) conf = std::max(conf, *det.with_validator);
      }
      if (det.context_pattern) {
        const size_t cp = *det.context_pattern;
        if (!state->context_done[cp]) {
          bool ctx_truncated = false;
          if (!state->context_scanned) {
            set.context_database->Scan(text, &state->context_candidates);
            state->context_scanned = true;
          }
          state->context_spans[cp] =
              FindCandidateSpans(*set.context_re[cp], 0, text, state->context_candidates, cp,
                                 kMaxCandidatesPerField, &ctx_truncated);
          state->context_done[cp] = 1;
        }
        if (NearContext(text, state->context_spans[cp], span, det.context_window)) {
          conf = std::max(conf, det.with_context);
        }
      }
      (*hits)[d].push_back(Hit{field_index, span, conf, std::string(value)});
    }
  }
}

}  // namespace bulwark
