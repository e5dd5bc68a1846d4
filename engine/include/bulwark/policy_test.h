// Policy tests: true-positive / false-positive cases for detectors, and expected decisions for
// whole texts, kept as YAML next to the policies (policies/tests/*.yaml) and run by
// `bulwark policy test`. The format is documented in docs/policies.md.
#ifndef BULWARK_POLICY_TEST_H_
#define BULWARK_POLICY_TEST_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bulwark/diagnostic.h"
#include "bulwark/policy_set.h"

namespace bulwark {

struct PolicyTestReport {
  size_t files = 0;
  size_t cases = 0;
  size_t passed = 0;
  // Failed cases and malformed test files, each located at its case (file:line:column).
  std::vector<Diagnostic> failures;
  // Cases per detector, true positives and false positives (for coverage reports).
  std::map<std::string, std::pair<size_t, size_t>> detector_cases;
};

// Runs every test document of `files` against `set`. Never throws.
PolicyTestReport RunPolicyTests(const PolicySet& set,
                                const std::vector<std::filesystem::path>& files);

}  // namespace bulwark

#endif  // BULWARK_POLICY_TEST_H_
