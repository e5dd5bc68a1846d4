// PatternCostReasons: what makes a detector pattern expensive to compile or to scan, read off
// the pattern itself (for `bulwark policy lint`).
#ifndef BULWARK_ENGINE_POLICY_PATTERN_COST_H_
#define BULWARK_ENGINE_POLICY_PATTERN_COST_H_

#include <string>
#include <vector>

namespace bulwark {

// Counted repeats above this bound are "wide": Hyperscan unrolls them.
inline constexpr int kWideRepeat = 100;

// Each reason one line: a counted repeat above kWideRepeat, a leading unbounded class (every
// position may start a match), no literal of three or more characters for a prefilter to skip
// ahead with. Empty for a cheap pattern. `pattern` is valid RE2 syntax.
std::vector<std::string> PatternCostReasons(const std::string& pattern);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_POLICY_PATTERN_COST_H_
