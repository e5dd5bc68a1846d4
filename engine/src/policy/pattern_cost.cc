#include "policy/pattern_cost.h"

#include <re2/re2.h>

#include "detect/class_run.h"

namespace bulwark {

std::vector<std::string> PatternCostReasons(const std::string& pattern) {
  std::vector<std::string> reasons;
  // Counted repeats {n}, {n,} and {n,m} outside classes; the largest bound.
  static const RE2 kRepeat(R"(\{(\d+)(?:,(\d*))?\})");
  int widest = 0;
  re2::StringPiece rest(pattern);
  std::string low;
  std::string high;
  while (RE2::FindAndConsume(&rest, kRepeat, &low, &high)) {
    widest = std::max({widest, std::atoi(low.c_str()), std::atoi(high.c_str())});
  }
  if (widest > kWideRepeat) {
    reasons.push_back("a counted repeat of up to " + std::to_string(widest) +
                      " (Hyperscan unrolls it: slow to compile, large database)");
  }
  // A class, '.', or a class escape repeated without bound at the start of the pattern (after
  // flags, anchors and word boundaries, and opening groups).
  static const RE2 kLeading(
      R"(^(?:\(\?[a-zA-Z]*[:)]|\\b|\^|\(\?:|\()*(?:\[(?:\\.|[^\]])+\]|\.|\\[wWsSdD]|\\p\{?\w+\}?)(?:[+*]|\{\d+,\}))");
  if (RE2::PartialMatch(pattern, kLeading)) {
    reasons.push_back(
        "it starts with an unbounded class repeat (every position may start a match)");
  }
  // No literal the prefilter could look for: FilteredRE2 finds no atom of three characters.
  if (!HasRequiredLiteral(pattern, 3)) {
    reasons.push_back("no literal of three or more characters (the prefilter cannot skip text)");
  }
  return reasons;
}

}  // namespace bulwark
