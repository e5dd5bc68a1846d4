// Explanation: the decision trace of one evaluation (PolicySet::Explain), for `bulwark explain`.
// It answers "why was this flagged" and "why was this not flagged": what each field looked like,
// every candidate each detector considered and the step that accepted or rejected it, every
// rule condition with its value, and each policy's scope. Values are masked as in verdicts;
// the trace holds no plaintext of the content (context keywords are the policy's own words).
#ifndef BULWARK_EXPLANATION_H_
#define BULWARK_EXPLANATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bulwark/verdict.h"

namespace bulwark {

struct FieldTrace {
  std::string name;
  uint64_t bytes = 0;
  bool repaired_utf8 = false;  // invalid UTF-8 was replaced with U+FFFD before scanning
  // Normalizations that applied (the field was also scanned in normalized form), and that form's
  // length in bytes (0 when none applied).
  std::vector<std::string> normalizations;
  uint64_t normalized_bytes = 0;
};

struct CandidateTrace {
  std::string field;
  uint32_t start = 0;  // byte span in the field's original text, as in evidence
  uint32_t end = 0;
  std::string masked;
  std::vector<std::string> normalizations;  // found only after these were applied
  // "accepted", "allowlisted", "placeholder" or "validator_failed".
  std::string outcome;
  // Which allowlist entry ("exact" or its regex), which placeholder rule, or which validator
  // rejected it.
  std::string reason;
  Confidence confidence = Confidence::kLow;  // of an accepted candidate
  // The confidence arithmetic, in order ("base medium", "validator luhn passed: high", ...).
  std::vector<std::string> confidence_steps;
  // Code points from the value to the nearest context keyword in the field (nullopt: none in
  // the field, or the detector has no context), the keyword as the policy spells it matched,
  // and the detector's window.
  std::optional<uint64_t> context_distance;
  std::string context_keyword;
  uint64_t context_window = 0;
};

struct DetectorTrace {
  std::string detector;   // qualified name
  std::string kind;       // "pattern" (a regex or keyword list) or "plugin"
  bool used = false;      // some in-scope policy's rule refers to it (else it was not run)
  std::string validator;  // its validator's name, if any
  // Per-field events that are not candidates: the prefilter did not fire, the pattern matched
  // nothing, the candidate cap was reached, a plugin failed.
  std::vector<std::string> notes;
  std::vector<CandidateTrace> candidates;
};

struct ConditionTrace {
  std::string kind;  // "detector", "all", "any" or "not"
  // For a detector leaf: the detector, the thresholds and the values found.
  std::string detector;
  uint32_t min_count = 0;
  bool distinct = false;
  Confidence min_confidence = Confidence::kLow;
  uint32_t count = 0;  // candidates at or above min_confidence (distinct values when distinct)
  std::optional<Confidence> best;  // the highest confidence among all accepted candidates
  bool held = false;
  std::vector<ConditionTrace> children;
};

struct RuleTrace {
  std::string id;
  Action action = Action::kAllow;
  Severity severity = Severity::kLow;
  bool fired = false;
  ConditionTrace when;
};

struct PolicyTrace {
  std::string name;
  PolicyMode mode = PolicyMode::kEnforce;
  bool in_scope = false;
  // Why the policy is out of scope (which scope entry excluded the message); empty in scope.
  std::string scope;
  std::vector<RuleTrace> rules;
  // Set when the policy added its `on_incomplete` match.
  std::optional<Action> incomplete_action;
};

struct Explanation {
  Verdict verdict;  // exactly what Evaluate() returns for the same content
  std::vector<FieldTrace> fields;
  std::vector<DetectorTrace> detectors;  // every detector of the set, in definition order
  std::vector<PolicyTrace> policies;     // every policy of the set, in load order
};

}  // namespace bulwark

#endif  // BULWARK_EXPLANATION_H_
