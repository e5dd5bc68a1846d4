#include "eval/evaluator.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

#include "detect/masking.h"
#include "detect/normalizer.h"
#include "eval/scanner.h"
#include "util/digest.h"
#include "util/utf8.h"

namespace bulwark {
namespace {

using Kind = policy::ConditionSpec::Kind;

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A detector leaf that held, with the filter it applied: its instances become evidence.
struct Contribution {
  size_t detector;
  Confidence min_confidence;
};

bool LeafHolds(const CompiledCondition& c, const std::vector<Hit>& hits, ConditionTrace* trace) {
  uint32_t count = 0;
  std::set<std::string> distinct;
  std::optional<Confidence> best;
  for (const Hit& h : hits) {
    best = std::max(best.value_or(h.confidence), h.confidence);
    if (h.confidence < c.min_confidence) continue;
    if (c.distinct) {
      distinct.insert(CanonicalValue(h.value));
    } else {
      ++count;
    }
  }
  const uint32_t value = c.distinct ? static_cast<uint32_t>(distinct.size()) : count;
  if (trace != nullptr) {
    trace->min_count = c.min_count;
    trace->distinct = c.distinct;
    trace->min_confidence = c.min_confidence;
    trace->count = value;
    trace->best = best;
  }
  return value >= c.min_count;
}

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kDetector:
      return "detector";
    case Kind::kAll:
      return "all";
    case Kind::kAny:
      return "any";
    case Kind::kNot:
      return "not";
  }
  return "?";
}

// Evaluates `c`; on true appends the leaves that made it true to *out (none under `not`). With
// a trace, records every condition's value (evaluating all children of `all`, which changes
// nothing but the trace).
bool Holds(const CompiledPolicySet& set, const CompiledCondition& c,
           const std::vector<std::vector<Hit>>& hits, std::vector<Contribution>* out,
           ConditionTrace* trace) {
  // Each child's trace is complete before the next is added.
  auto next_child = [trace]() -> ConditionTrace* {
    return trace == nullptr ? nullptr : &trace->children.emplace_back();
  };
  if (trace != nullptr) {
    trace->kind = KindName(c.kind);
    trace->children.reserve(c.children.size());
  }
  bool held = false;
  switch (c.kind) {
    case Kind::kDetector:
      if (trace != nullptr) trace->detector = set.detectors[c.detector].name;
      held = LeafHolds(c, hits[c.detector], trace);
      if (held) out->push_back({c.detector, c.min_confidence});
      break;
    case Kind::kAll: {
      std::vector<Contribution> mine;
      held = true;
      for (const CompiledCondition& child : c.children) {
        held = Holds(set, child, hits, &mine, next_child()) && held;
        if (!held && trace == nullptr) break;
      }
      if (held) out->insert(out->end(), mine.begin(), mine.end());
      break;
    }
    case Kind::kAny:
      for (const CompiledCondition& child : c.children) {
        held = Holds(set, child, hits, out, next_child()) || held;
      }
      break;
    case Kind::kNot: {
      std::vector<Contribution> ignored;
      held = !Holds(set, c.children.front(), hits, &ignored, next_child());
      break;
    }
  }
  if (trace != nullptr) trace->held = held;
  return held;
}

Evidence MakeEvidence(const CompiledPolicySet& set, const Content& content,
                      const CompiledDetector& det, const Hit& h);

Finding MakeFinding(const CompiledPolicySet& set, const Content& content, size_t detector,
                    Confidence min_confidence, const std::vector<Hit>& hits) {
  const CompiledDetector& det = set.detectors[detector];
  Finding f;
  f.detector = det.name;
  std::set<std::string> distinct;
  for (const Hit& h : hits) {
    if (h.confidence < min_confidence) continue;
    ++f.count;
    distinct.insert(CanonicalValue(h.value));
    f.confidence = std::max(f.confidence, h.confidence);
    if (f.evidence.size() < set.options.max_evidence) {
      f.evidence.push_back(MakeEvidence(set, content, det, h));
    }
  }
  f.distinct = static_cast<uint32_t>(distinct.size());
  return f;
}

// Scans the normalized form of `text` when normalization changes it, and adds the hits that the
// original text did not give, with their spans mapped back to the original.
void ScanNormalized(const CompiledPolicySet& set, uint32_t field, const std::string& name,
                    const std::string& text, const std::vector<char>& needed, ScanState* state,
                    std::vector<std::vector<Hit>>* hits, std::vector<std::string>* warnings,
                    FieldTrace* field_trace) {
  // Per thread, reused: no allocation (or page faults) for fields up to the largest seen, which
  // is kept only up to 1 MB of text (6 MB) so that one huge field does not pin memory.
  thread_local NormalizedText norm;
  struct Trim {
    ~Trim() {
      if (norm.text.capacity() > (1u << 20)) norm = NormalizedText{};
    }
  } trim;
  if (OutOfTime(state)) {  // ScanField records the field's detectors as not examined
    std::vector<std::vector<Hit>> none(set.detectors.size());
    ScanField(set, field, name, text, needed, state, &none, warnings);
    return;
  }
  if (!Normalize(text, &norm, /*inspected=*/true)) return;
  // A match of the original text that invisible characters cut out of a longer token
  // ("891-52-9544<U+200B>8", a Korean business number, read as a US SSN) is not one: the
  // normalized text joins the token, and its scan decides what the token is.
  if ((norm.applied & kInvisibleCharacters) != 0) {
    for (std::vector<Hit>& mine : *hits) {
      std::erase_if(mine, [&](const Hit& h) {
        return h.field == field &&
               (InvisibleJoinsAt(text, h.span.start) || InvisibleJoinsAt(text, h.span.end));
      });
    }
  }
  if (field_trace != nullptr) {
    field_trace->normalizations = NormalizationNames(norm.applied);
    field_trace->normalized_bytes = norm.text.size();
  }
  std::vector<std::vector<Hit>> extra(set.detectors.size());
  if (state->trace != nullptr) state->trace->norm = &norm;
  ScanField(set, field, name, norm.text, needed, state, &extra, warnings);
  if (state->trace != nullptr) state->trace->norm = nullptr;
  for (size_t d = 0; d < extra.size(); ++d) {
    if (extra[d].empty()) continue;
    std::vector<Hit>& mine = (*hits)[d];
    const size_t before = mine.size();
    // Sorted by (field, span) — regex hits come in order; a plugin's may not — a binary search
    // finds a hit already known and one linear merge adds the new ones.
    const auto by_position = [](const Hit& a, const Hit& b) {
      return a.field != b.field ? a.field < b.field : a.span < b.span;
    };
    const auto sort_range = [&](auto first, auto last) {
      if (!std::is_sorted(first, last, by_position)) std::stable_sort(first, last, by_position);
    };
    sort_range(mine.begin(), mine.begin() + static_cast<long>(before));
    for (Hit& h : extra[d]) {
      const Span original{norm.OriginalStart(h.span.start), norm.OriginalEnd(h.span.end)};
      Hit probe;
      probe.field = field;
      probe.span = original;
      if (std::binary_search(mine.begin(), mine.begin() + static_cast<long>(before), probe,
                             by_position)) {
        continue;
      }
      h.normalizations = norm.AppliedWithin(h.span.start, h.span.end);
      h.span = original;
      mine.push_back(std::move(h));
    }
    sort_range(mine.begin() + static_cast<long>(before), mine.end());
    std::inplace_merge(mine.begin(), mine.begin() + static_cast<long>(before), mine.end(),
                       by_position);
  }
}

// Scans every field of `content` for the detectors with needed[d]; records the fields and the
// detectors' decisions in *explanation when it is not null.
void ScanContent(const CompiledPolicySet& set, const Content& content,
                 const std::vector<char>& needed, std::vector<std::vector<Hit>>* hits,
                 std::vector<std::string>* warnings, std::vector<Incomplete>* incomplete,
                 Explanation* explanation) {
  // Per thread, reused across events (ScanState::Reset): its buffers are sized by the policy
  // set and the fields seen, and allocating them per event was a large part of the
  // per-message cost of short messages. After a field over 1 MB they are let go (as
  // ScanNormalized's buffer), so that one huge message does not pin its candidates' memory.
  thread_local ScanState reused;
  ScanState& state = reused;
  state.Reset();
  size_t largest_field = 0;
  struct Trim {
    const size_t& largest;
    ~Trim() {
      if (largest > (1u << 20)) reused = ScanState{};
    }
  } trim{largest_field};
  if (set.options.event_time_budget.count() > 0) {
    state.deadline = std::chrono::steady_clock::now() + set.options.event_time_budget;
  }
  ScanTrace trace;
  if (explanation != nullptr) {
    trace.detectors = &explanation->detectors;
    state.trace = &trace;
  }
  for (size_t i = 0; i < content.fields.size(); ++i) {
    const Field& field = content.fields[i];
    FieldTrace* field_trace = nullptr;
    if (explanation != nullptr) {
      field_trace = &explanation->fields.emplace_back();
      field_trace->name = field.name;
      field_trace->bytes = field.text.size();
    }
    if (field.text.empty()) continue;
    largest_field = std::max(largest_field, field.text.size());
    // One pass tells whether the text needs repair (invalid UTF-8) or normalization.
    uint32_t props = InspectText(field.text);
    std::string clean;
    const std::string* text = &field.text;
    if (props & kInvalidUtf8) {
      clean = ReplaceInvalidUtf8(field.text);
      text = &clean;
      if (field_trace != nullptr) field_trace->repaired_utf8 = true;
      props = InspectText(clean);
    }
    ScanField(set, static_cast<uint32_t>(i), field.name, *text, needed, &state, hits, warnings);
    if (props & kNeedsNormalization) {
      ScanNormalized(set, static_cast<uint32_t>(i), field.name, *text, needed, &state, hits,
                     warnings, field_trace);
    }
  }
  if (state.skipped > 0) {
    warnings->push_back("the event time budget of " +
                        std::to_string(set.options.event_time_budget.count()) +
                        " ms ran out: " + std::to_string(state.skipped) +
                        " detector scans of a field were not done (see incomplete)");
  }
  std::sort(state.incomplete.begin(), state.incomplete.end());
  state.incomplete.erase(std::unique(state.incomplete.begin(), state.incomplete.end()),
                         state.incomplete.end());
  *incomplete = std::move(state.incomplete);
  state.trace = nullptr;  // `trace` lives on this frame
}

Evidence MakeEvidence(const CompiledPolicySet& set, const Content& content,
                      const CompiledDetector& det, const Hit& h) {
  Evidence e;
  e.field = content.fields[h.field].name;
  e.start = h.span.start;
  e.end = h.span.end;
  e.masked = MaskValue(h.value, det.mask.keep_start, det.mask.keep_end, det.mask.keep_shape);
  if (h.normalizations != 0) e.normalizations = NormalizationNames(h.normalizations);
  if (!set.options.fingerprint_key.empty()) {
    e.fingerprint =
        "hmac-sha256:" + HmacSha256Hex(set.options.fingerprint_key, CanonicalValue(h.value));
  }
  return e;
}

}  // namespace

std::vector<PolicySet::DetectorHit> DetectAll(const CompiledPolicySet& set,
                                              const Content& content) {
  std::vector<char> needed(set.detectors.size(), 1);
  std::vector<std::vector<Hit>> hits(set.detectors.size());
  std::vector<std::string> warnings;
  std::vector<Incomplete> incomplete;
  ScanContent(set, content, needed, &hits, &warnings, &incomplete, nullptr);
  std::vector<PolicySet::DetectorHit> out;
  for (size_t d = 0; d < hits.size(); ++d) {
    for (const Hit& h : hits[d]) {
      out.push_back(
          {set.detectors[d].name, h.confidence, MakeEvidence(set, content, set.detectors[d], h)});
    }
  }
  return out;
}

bool InScope(const CompiledPolicy& policy, const Content& content, std::string* why) {
  const policy::ScopeSpec& scope = policy.scope;
  auto out = [why](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  if (!scope.resources.empty() && !Contains(scope.resources, content.resource_type)) {
    return out("resource type '" + content.resource_type + "' is not in scope.resources");
  }
  auto meta = [&](const char* key) -> std::string {
    auto it = content.metadata.find(key);
    return it == content.metadata.end() ? std::string() : it->second;
  };
  if (!scope.tenants.empty() && !Contains(scope.tenants, meta(kMetaTenantId))) {
    return out(meta(kMetaTenantId).empty()
                   ? "the message has no tenant and scope.tenants is set"
                   : "tenant '" + meta(kMetaTenantId) + "' is not in scope.tenants");
  }
  if (!scope.senders_include.empty() || !scope.senders_exclude.empty()) {
    const std::string id = Lower(meta(kMetaSenderId));
    const std::string name = Lower(meta(kMetaSenderName));
    // The scope entry that lists the sender (by id or display name), or null.
    auto listed = [&](const std::vector<std::string>& list) -> const std::string* {
      for (const std::string& entry : list) {
        if ((!id.empty() && entry == id) || (!name.empty() && entry == name)) return &entry;
      }
      return nullptr;
    };
    if (!scope.senders_include.empty() && listed(scope.senders_include) == nullptr) {
      return out("the sender is not in scope.senders.include");
    }
    if (const std::string* entry = listed(scope.senders_exclude); entry != nullptr) {
      return out("the sender is excluded by scope.senders.exclude entry '" + *entry + "'");
    }
  }
  return true;
}

// Whether one of `incomplete` concerns a detector `policy` uses (one without a detector, such
// as content that was not extracted, concerns every policy).
bool UsesAny(const CompiledPolicy& policy, const CompiledPolicySet& set,
             const std::vector<Incomplete>& incomplete) {
  for (const Incomplete& i : incomplete) {
    if (i.detector.empty()) return true;
    for (size_t d : policy.detectors) {
      if (set.detectors[d].name == i.detector) return true;
    }
  }
  return false;
}

namespace {

// The detectors the active policies use (needed[d]), kNeededWithContext for those whose hits
// reach the confidence the rules ask for only with context: such a detector is scanned only in
// fields where its context list may occur, elsewhere none of its hits could count. A function
// of the set and of which of its policies are in scope, so kept per thread for the last
// combination instead of being worked out per event (most events have every policy in scope).
const std::vector<char>& NeededDetectors(const CompiledPolicySet& set,
                                         const std::vector<const CompiledPolicy*>& active) {
  thread_local struct {
    const CompiledPolicySet* set = nullptr;
    std::string id;  // with the address: a set loaded where a freed one was is not that one
    std::vector<const CompiledPolicy*> active;
    std::vector<char> needed;
    std::vector<Confidence> asked;
  } last;
  if (last.set == &set && last.id == set.id && last.active == active) return last.needed;
  last.needed.assign(set.detectors.size(), 0);
  last.asked.assign(set.detectors.size(), Confidence::kHigh);
  for (const CompiledPolicy* p : active) {
    for (size_t d : p->detectors) last.needed[d] = 1;
    for (const CompiledRule& rule : p->rules) LowestAsked(rule.when, &last.asked);
  }
  for (size_t d = 0; d < set.detectors.size(); ++d) {
    const CompiledDetector& det = set.detectors[d];
    if (!last.needed[d] || det.plugin || !det.context_pattern) continue;
    if (det.WithoutContext() < last.asked[d] || det.context_required) {
      last.needed[d] = kNeededWithContext;
    }
  }
  last.set = &set;
  last.id = set.id;
  last.active = active;
  return last.needed;
}

}  // namespace

Verdict EvaluateContent(const CompiledPolicySet& set, const Content& content,
                        Explanation* explanation) {
  const auto started = std::chrono::steady_clock::now();
  Verdict verdict;
  verdict.policy_set = set.id;
  verdict.mode = set.options.force_simulate ? PolicyMode::kSimulate : PolicyMode::kEnforce;

  std::vector<const CompiledPolicy*> active;
  std::vector<PolicyTrace*> active_trace;  // with an explanation: the trace of each active policy
  if (explanation != nullptr) explanation->policies.reserve(set.policies.size());  // stable
  for (const CompiledPolicy& p : set.policies) {
    PolicyTrace* pt = nullptr;
    if (explanation != nullptr) {
      pt = &explanation->policies.emplace_back();
      pt->name = p.name;
      pt->mode = p.mode;
    }
    if (!InScope(p, content, pt != nullptr ? &pt->scope : nullptr)) continue;
    if (pt != nullptr) pt->in_scope = true;
    active.push_back(&p);
    active_trace.push_back(pt);
  }
  const std::vector<char>& needed = NeededDetectors(set, active);
  if (explanation != nullptr) {
    for (size_t d = 0; d < set.detectors.size(); ++d) {
      const CompiledDetector& det = set.detectors[d];
      DetectorTrace& dt = explanation->detectors.emplace_back();
      dt.detector = det.name;
      dt.kind = det.plugin ? "plugin" : "pattern";
      dt.used = needed[d] != 0;
      if (det.validator) dt.validator = std::string(det.validator->name());
    }
  }

  std::vector<std::vector<Hit>> hits(set.detectors.size());
  if (!active.empty()) {
    ScanContent(set, content, needed, &hits, &verdict.warnings, &verdict.incomplete, explanation);
    for (const std::string& part : content.not_extracted) {
      verdict.incomplete.push_back(Incomplete{"not_extracted", "", part});
    }
    std::sort(verdict.incomplete.begin(), verdict.incomplete.end());
    verdict.incomplete.erase(std::unique(verdict.incomplete.begin(), verdict.incomplete.end()),
                             verdict.incomplete.end());
  }

  // Most short messages have no hit at all: then a rule holds only through `not`, which the
  // loader worked out (CompiledRule::holds_without_hits), and contributes no finding. An
  // explanation still walks every condition, for its trace.
  const bool no_hits =
      std::all_of(hits.begin(), hits.end(), [](const std::vector<Hit>& h) { return h.empty(); });
  auto add = [&verdict](Match m) {
    verdict.simulated_decision = std::max(verdict.simulated_decision, m.action);
    if (m.mode == PolicyMode::kEnforce) verdict.decision = std::max(verdict.decision, m.action);
    verdict.matches.push_back(std::move(m));
  };
  for (size_t a = 0; a < active.size(); ++a) {
    const CompiledPolicy* p = active[a];
    PolicyTrace* pt = active_trace[a];
    for (const CompiledRule& rule : p->rules) {
      std::vector<Contribution> contributions;
      RuleTrace* rt = nullptr;
      if (pt != nullptr) {
        rt = &pt->rules.emplace_back();
        rt->id = rule.id;
        rt->action = rule.action;
        rt->severity = rule.severity;
      }
      if (no_hits && rt == nullptr) {
        if (!rule.holds_without_hits) continue;
      } else if (!Holds(set, rule.when, hits, &contributions,
                        rt != nullptr ? &rt->when : nullptr)) {
        continue;
      }
      if (rt != nullptr) rt->fired = true;
      Match m;
      m.policy = p->name;
      m.policy_version = p->version;
      m.rule = rule.id;
      m.action = rule.action;
      m.severity = rule.severity;
      m.mode = p->mode;
      m.tip = rule.tip;
      m.allow_override = rule.allow_override;
      m.allow_false_positive_report = rule.allow_false_positive_report;
      std::set<size_t> seen;
      for (const Contribution& c : contributions) {
        if (!seen.insert(c.detector).second) continue;
        m.findings.push_back(
            MakeFinding(set, content, c.detector, c.min_confidence, hits[c.detector]));
      }
      add(std::move(m));
    }
    // Fail closed: a detector this policy relies on could not examine everything.
    if (p->on_incomplete != Action::kAllow && UsesAny(*p, set, verdict.incomplete)) {
      Match m;
      m.policy = p->name;
      m.policy_version = p->version;
      m.rule = kIncompleteRule;
      m.action = p->on_incomplete;
      m.severity = Severity::kHigh;
      m.mode = p->mode;
      m.tip = "Part of this message could not be fully examined for sensitive data.";
      if (pt != nullptr) pt->incomplete_action = m.action;
      add(std::move(m));
    }
  }
  verdict.latency_us = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                 std::chrono::steady_clock::now() - started)
                                                 .count());
  if (explanation != nullptr) explanation->verdict = verdict;
  return verdict;
}

}  // namespace bulwark
