// The compiled, immutable form of a PolicySet (CompiledPolicySet). Built by CompilePolicySet(),
// read concurrently by the scanner and the evaluator.
#ifndef BULWARK_ENGINE_POLICY_COMPILED_H_
#define BULWARK_ENGINE_POLICY_COMPILED_H_

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "bulwark/policy_set.h"
#include "detect/lazy_re2.h"
#include "detect/pattern_database.h"
#include "detect/validator.h"
#include "plugin/plugin_host_impl.h"
#include "policy/model.h"

namespace bulwark {

struct CompiledDetector {
  std::string name;  // qualified: "<policy>/<id>" or "<library>.<id>"
  std::string description;
  policy::SourceLoc pattern_loc;  // of its regex, keywords or plugin key (lint messages)
  size_t pattern = 0;  // index into CompiledPolicySet::patterns (regex and keyword detectors)
  // Plugin detectors: the instance, and the pattern indexes of its type's prefilters (none:
  // it runs on every field). `pattern` is unused for them.
  std::shared_ptr<const PluginDetector> plugin;
  std::string plugin_config;  // its config as JSON text (for policy diff)
  std::vector<size_t> plugin_prefilters;
  int capture = 0;  // RE2 group holding the value; 0 = the whole match
  std::optional<Validator> validator;
  bool validator_required = true;
  // Context terms are not prefiltered: they matter only once a candidate exists, so they are
  // found lazily with RE2 (see eval/scanner.cc). Index into CompiledPolicySet::context_re.
  std::optional<size_t> context_pattern;
  // Words that lower a value within context_window of it to low unless a context keyword is
  // near too (`context: {exclude: [...]}`): a 15-digit number next to "visa" is a card number,
  // not a French NIR. Index into context_re.
  std::optional<size_t> exclude_pattern;
  size_t context_window = 300;  // code points either side
  // `context: {required: true}`: the pattern is looked for only within context_window of a
  // context keyword (PatternDatabase::Kind::kNearContext), and nothing is reported elsewhere.
  bool context_required = false;
  // Its pattern is not prefiltered (PatternDatabase::Kind::kNearContext; set with the database):
  // searched around the context keywords where only context hits count, else over the field.
  bool near_context_scan = false;
  Confidence base = Confidence::kMedium;
  Confidence with_context = Confidence::kHigh;
  std::optional<Confidence> with_validator;
  std::unordered_set<std::string> allow_exact;    // compared with the value and its compact form
  std::vector<std::unique_ptr<RE2>> allow_regex;  // full match against the value
  bool reject_placeholders = false;               // see detect/placeholder.h
  policy::MaskSpec mask;

  // The highest confidence its hits can have without context (the evaluator's test for
  // kNeededWithContext).
  Confidence WithoutContext() const {
    Confidence c = base;
    if (validator && with_validator) c = std::max(c, *with_validator);
    return c;
  }

  // The highest confidence any of its hits can have.
  Confidence MaxConfidence() const {
    if (plugin) return Confidence::kHigh;  // a plugin reports its own
    Confidence c = base;
    if (context_pattern) c = std::max(c, with_context);
    if (validator && with_validator) c = std::max(c, *with_validator);
    return c;
  }
};

struct CompiledCondition {
  policy::ConditionSpec::Kind kind = policy::ConditionSpec::Kind::kDetector;
  size_t detector = 0;  // index into CompiledPolicySet::detectors
  uint32_t min_count = 1;
  Confidence min_confidence = Confidence::kLow;
  bool distinct = false;
  std::vector<CompiledCondition> children;
};

// The lowest confidence any leaf of `c` asks of each detector (under `not` too: a hit below
// it cannot change the condition either way).
inline void LowestAsked(const CompiledCondition& c, std::vector<Confidence>* asked) {
  if (c.kind == policy::ConditionSpec::Kind::kDetector) {
    (*asked)[c.detector] = std::min((*asked)[c.detector], c.min_confidence);
    return;
  }
  for (const CompiledCondition& child : c.children) LowestAsked(child, asked);
}

// Whether `c` holds when no detector has a hit: a leaf never does (min_count is at least 1), so
// only through `not`. Static for a rule, so worked out at load.
inline bool HoldsWithoutHits(const CompiledCondition& c) {
  switch (c.kind) {
    case policy::ConditionSpec::Kind::kDetector:
      return false;
    case policy::ConditionSpec::Kind::kAll:
      for (const CompiledCondition& child : c.children) {
        if (!HoldsWithoutHits(child)) return false;
      }
      return true;
    case policy::ConditionSpec::Kind::kAny:
      for (const CompiledCondition& child : c.children) {
        if (HoldsWithoutHits(child)) return true;
      }
      return false;
    case policy::ConditionSpec::Kind::kNot:
      return !HoldsWithoutHits(c.children.front());
  }
  return false;
}

struct CompiledRule {
  std::string id;
  CompiledCondition when;
  bool holds_without_hits = false;  // HoldsWithoutHits(when)
  Action action = Action::kAudit;
  Severity severity = Severity::kMedium;
  std::string tip;
  std::string allow_override;  // "" (unset), "none", "with_justification", "without_justification"
  std::optional<bool> allow_false_positive_report;
};

struct CompiledPolicy {
  std::string name;
  std::string version;  // as the file says; empty when it does not
  PolicyMode mode = PolicyMode::kEnforce;
  Action on_incomplete = Action::kBlock;
  policy::ScopeSpec scope;  // sender entries lower-cased
  std::vector<CompiledRule> rules;
  std::vector<size_t> detectors;  // every detector its rules reference (sorted, unique)
};

struct CompiledPolicySet {
  LoadOptions options;
  std::string id;
  // Versions of the policies and libraries that declare one, by name (shared with verdicts).
  std::shared_ptr<const std::map<std::string, std::string>> versions;
  PolicySetStats stats;
  std::vector<std::string> pattern_text;             // RE2 syntax, distinct
  std::vector<std::unique_ptr<LazyRe2>> pattern_re;  // same indexes; compiled on first use
  // Same indexes: the pattern in multi-line mode for RangeFilterPattern (eval/scanner.h), or
  // null where it cannot serve as one. Compiled on first use.
  std::vector<std::unique_ptr<LazyRe2>> pattern_range_filter;
  std::vector<std::string> context_text;              // context keyword patterns, distinct
  std::vector<std::unique_ptr<LazyRe2>> context_re;   // same indexes; compiled on first use
  std::unique_ptr<PatternDatabase> database;          // pattern_text
  std::unique_ptr<PatternDatabase> context_database;  // context_text, scanned only when needed
  std::vector<CompiledDetector> detectors;
  std::vector<CompiledPolicy> policies;
};

// Compiles parsed documents into `impl` (patterns, database, detectors, policies). Reports
// located errors and warnings to `diagnostics`; returns false when any error was reported.
bool CompilePolicySet(const std::vector<policy::DocumentSpec>& docs, CompiledPolicySet* impl,
                      std::vector<Diagnostic>* diagnostics);

// The RE2 pattern matching any of `words`: case-insensitive unless `case_sensitive`, with \b at
// each end that starts or ends with a word character when `whole_word`, and with runs of spaces
// inside a word matching any run of whitespace.
std::string KeywordsToRegex(const std::vector<std::string>& words, bool case_sensitive,
                            bool whole_word);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_POLICY_COMPILED_H_
