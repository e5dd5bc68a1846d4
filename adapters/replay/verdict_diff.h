// VerdictDiff: what changes between two evaluations of the same notifications — decisions by
// kind of change, matches gained and lost per rule, findings per detector — with a few
// notification ids per change (never content). Fed with bulwark.verdict/v1 records: by
// `bulwark replay --baseline-policies` (both verdicts of each notification, decrypted once) and
// by `bulwark diff-verdicts` (two verdict files, paired by notification).
#ifndef BULWARK_ADAPTERS_REPLAY_VERDICT_DIFF_H_
#define BULWARK_ADAPTERS_REPLAY_VERDICT_DIFF_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace bulwark::replay {

inline constexpr char kVerdictDiffSchema[] = "bulwark.verdict-diff/v1";

// The key that pairs the verdicts of one notification across two files: the notification id and
// the message id (a collection's items have ids of their own), else the capture position.
std::string VerdictKey(const nlohmann::json& verdict);

class VerdictDiff {
 public:
  // At most this many notification ids are kept per kind of change (the smallest, so that the
  // report does not depend on the order notifications are added in).
  explicit VerdictDiff(size_t examples = 5) : examples_(examples) {}

  // One notification's verdicts, before and after. Records that are not verdicts (dead letters,
  // lifecycle events) are counted apart.
  void Add(const std::string& key, const nlohmann::json& baseline, const nlohmann::json& candidate);
  // A notification that could not be evaluated (a dead letter, a lifecycle or system event).
  void AddNotEvaluated() { ++not_verdicts_; }
  // A notification with a verdict on one side only (diff-verdicts).
  void AddOnlyBaseline(const std::string& key);
  void AddOnlyCandidate(const std::string& key);
  // The policy-set fingerprints of each side, when known.
  void SetPolicySets(std::string baseline, std::string candidate);

  // {schema, policy_sets, compared, unchanged, changed, only_in_baseline, only_in_candidate,
  //  decisions: {"allow->block": {count, examples}}, rules: {"p/r": {gained, lost, examples_*}},
  //  detectors: {"d": {baseline, candidate}}}
  nlohmann::ordered_json ToJson() const;
  // A change review: the same figures as Markdown tables.
  std::string ToMarkdown() const;
  // True when any decision changed (the exit status of the commands).
  bool decisions_changed() const { return changed_ > 0; }

 private:
  struct Examples {
    uint64_t count = 0;
    std::vector<std::string> ids;
  };
  void Note(Examples* e, const std::string& key) const;

  size_t examples_;
  uint64_t compared_ = 0;
  uint64_t unchanged_ = 0;
  uint64_t changed_ = 0;
  uint64_t not_verdicts_ = 0;
  Examples only_baseline_;
  Examples only_candidate_;
  std::map<std::string, Examples> decisions_;  // "allow->block"
  std::map<std::string, Examples> gained_;     // "policy/rule"
  std::map<std::string, Examples> lost_;
  std::map<std::string, std::pair<uint64_t, uint64_t>> detectors_;  // findings, each side
  std::string baseline_set_;
  std::string candidate_set_;
};

}  // namespace bulwark::replay

#endif  // BULWARK_ADAPTERS_REPLAY_VERDICT_DIFF_H_
