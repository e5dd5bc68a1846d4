// DiffPolicySets: how a policy change changes what can be flagged, classified like a semantic
// version. major: something can now be blocked, notified or audited that was not (a new
// detector or rule, a changed pattern, a lower confidence floor or count, a removed allowlist
// entry or validator, a wider scope, an action raised, simulate -> enforce); minor: it can only
// flag less (the reverse); patch: nothing that decides changed (tips, descriptions, severities,
// masks). For `bulwark policy diff`.
#ifndef BULWARK_POLICY_DIFF_H_
#define BULWARK_POLICY_DIFF_H_

#include <string>
#include <vector>

#include "bulwark/policy_set.h"

namespace bulwark {

enum class ChangeLevel { kNone = 0, kPatch = 1, kMinor = 2, kMajor = 3 };
std::string_view ToString(ChangeLevel level);  // "none", "patch", "minor", "major"

struct PolicyChange {
  ChangeLevel level = ChangeLevel::kPatch;
  std::string subject;  // "policy 'pci-dss'", "rule 'pci-dss/notify-one'", "detector 'x.y'"
  std::string what;     // "min_confidence high -> medium (can match more)"
  // The policies and libraries the change counts for (a detector change counts for its owner
  // and every policy whose rules use it).
  std::vector<std::string> documents;
};

struct VersionCheck {
  std::string document;  // policy or library name
  std::string before;    // versions as declared ("" when none)
  std::string after;
  ChangeLevel needed = ChangeLevel::kNone;  // the largest change that counts for it
  bool ok = true;       // the version bump is at least `needed` (and present when anything changed)
  std::string message;  // why not, when !ok
};

struct PolicyDiff {
  ChangeLevel level = ChangeLevel::kNone;  // the largest change
  std::vector<PolicyChange> changes;
  std::vector<VersionCheck> versions;  // for every document present in both sets
};

PolicyDiff DiffPolicySets(const PolicySet& before, const PolicySet& after);

}  // namespace bulwark

#endif  // BULWARK_POLICY_DIFF_H_
