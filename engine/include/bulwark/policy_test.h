// Policy tests: true-positive / false-positive cases for detectors, and expected decisions for
// whole texts, kept as YAML next to the policies (policies/tests/*.yaml) and run by
// `bulwark policy test`. The format is documented in docs/policies.md.
#ifndef BULWARK_POLICY_TEST_H_
#define BULWARK_POLICY_TEST_H_

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bulwark/diagnostic.h"
#include "bulwark/policy_set.h"

namespace bulwark {

// One case's outcome, for reports (JUnit XML).
struct PolicyTestCaseResult {
  std::string file;
  int line = 0;
  int column = 0;
  std::string suite;    // "DetectorTest <detector>" or "PolicyTest"
  std::string name;     // "line N" (never the case's text: it may hold sensitive values)
  std::string failure;  // empty when the case passed
};

struct PolicyTestOptions {
  // Turns a PolicyTest case's `message:` (a Teams chatMessage as Graph sends it, given as JSON
  // text) into Content exactly as the service does. The CLI passes the Graph layer's converter;
  // unset, a case with `message:` fails with a clear message.
  std::function<Result<Content>(const std::string& chat_message_json)> message_to_content;
};

struct PolicyTestReport {
  size_t files = 0;
  size_t cases = 0;
  size_t passed = 0;
  // Failed cases and malformed test files, each located at its case (file:line:column).
  std::vector<Diagnostic> failures;
  // Cases per detector, true positives and false positives (for coverage reports).
  std::map<std::string, std::pair<size_t, size_t>> detector_cases;
  // Every case, passed or failed, in file order.
  std::vector<PolicyTestCaseResult> results;
};

// Runs every test document of `files` against `set`. Never throws.
PolicyTestReport RunPolicyTests(const PolicySet& set,
                                const std::vector<std::filesystem::path>& files,
                                const PolicyTestOptions& options = {});

}  // namespace bulwark

#endif  // BULWARK_POLICY_TEST_H_
