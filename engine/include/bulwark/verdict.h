// Verdict: the outcome of evaluating one Content against a PolicySet.
//
// A Verdict never holds plaintext or raw matched values: evidence is masked at the point it is
// created, optionally with a keyed fingerprint for correlation.
#ifndef BULWARK_VERDICT_H_
#define BULWARK_VERDICT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace bulwark {

// Ordered from least to most restrictive; the verdict's decision is the maximum.
enum class Action { kAllow = 0, kAudit = 1, kNotify = 2, kBlock = 3 };
enum class Severity { kLow = 0, kMedium = 1, kHigh = 2, kCritical = 3 };
enum class Confidence { kLow = 0, kMedium = 1, kHigh = 2 };
enum class PolicyMode { kEnforce = 0, kSimulate = 1 };

std::string_view ToString(Action a);
std::string_view ToString(Severity s);
std::string_view ToString(Confidence c);
std::string_view ToString(PolicyMode m);
// Parse the lower-case names used in policy files and verdicts. Return nullopt if unknown.
std::optional<Action> ParseAction(std::string_view s);
std::optional<Severity> ParseSeverity(std::string_view s);
std::optional<Confidence> ParseConfidence(std::string_view s);
std::optional<PolicyMode> ParsePolicyMode(std::string_view s);

struct Evidence {
  std::string field;   // name of the Content field
  uint32_t start = 0;  // UTF-8 byte offsets into the field's original text, [start, end);
                       // 32-bit: fields are shorter than 4 GiB (content.h)
  uint32_t end = 0;
  std::string masked;       // e.g. "4111 **** **** 1111"
  std::string fingerprint;  // "hmac-sha256:<hex>" when a fingerprint key is set, else empty
  std::vector<std::string> normalizations;  // transformations applied before matching, if any
};

struct Finding {
  std::string detector;   // qualified detector id, e.g. "pci-dss/card-number" or "common.email"
  uint32_t count = 0;     // number of matching instances (all, not only those in `evidence`)
  uint32_t distinct = 0;  // number of distinct values among them
  Confidence confidence = Confidence::kLow;  // highest confidence among the instances
  std::vector<Evidence> evidence;            // capped by LoadOptions::max_evidence
};

struct Match {
  std::string policy;
  std::string policy_version;  // the policy file's `version`, empty when it declares none
  std::string rule;
  Action action = Action::kAllow;
  Severity severity = Severity::kLow;
  PolicyMode mode = PolicyMode::kEnforce;  // kSimulate: the action is reported, not enforced
  std::string tip;
  // What the sender of a flagged message may do about it (Teams offers these): "" when the rule
  // does not say (the enforcing sink's default applies), else "none", "with_justification" or
  // "without_justification"; and whether a false positive may be reported.
  std::string allow_override;
  std::optional<bool> allow_false_positive_report;
  std::vector<Finding> findings;
};

// A part of the content that was not fully examined, so the verdict cannot vouch for it.
struct Incomplete {
  // "candidate_cap" (more candidates than were examined), "plugin_failed" (the plugin reported
  // an error), "plugin_quarantined" (it failed too often in a row and is not run),
  // "pattern_invalid" (its pattern, compiled on first use, disagrees with what the load checked)
  std::string reason;
  std::string detector;  // the detector that could not finish
  std::string field;     // the field it could not finish
  bool operator<(const Incomplete& o) const {
    return std::tie(reason, detector, field) < std::tie(o.reason, o.detector, o.field);
  }
  bool operator==(const Incomplete& o) const {
    return reason == o.reason && detector == o.detector && field == o.field;
  }
};

// The rule name of the match a policy adds for an incomplete examination (its `on_incomplete`
// action); no rule a policy declares can have this name.
inline constexpr char kIncompleteRule[] = "(incomplete)";

struct Verdict {
  // Most restrictive action among enforced matches (kAllow when none).
  Action decision = Action::kAllow;
  // Most restrictive action among all matches, enforced or simulated.
  Action simulated_decision = Action::kAllow;
  PolicyMode mode = PolicyMode::kEnforce;
  std::vector<Match> matches;
  std::string policy_set;  // "sha256:<hex>" identity of the compiled policy set
  uint64_t latency_us = 0;
  // Non-fatal problems met while evaluating (e.g. a detector exceeded its match budget).
  std::vector<std::string> warnings;
  // What was not fully examined (sorted, unique). Each in-scope policy using one of these
  // detectors adds a match with rule kIncompleteRule and its `on_incomplete` action.
  std::vector<Incomplete> incomplete;
};

}  // namespace bulwark

#endif  // BULWARK_VERDICT_H_
