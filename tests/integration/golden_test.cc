// Golden verdicts: every file in samples/messages/ evaluated with the shipped policies must give
// the verdict stored in samples/expected/<file>.json (latency and policy-set hash excluded).
// To regenerate after an intended change: BULWARK_UPDATE_GOLDEN=1 ctest -R Golden, then review
// the diff of samples/expected/ like code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "bulwark/engine.h"
#include "cli/scan_input.h"
#include "sinks/verdict_record.h"

namespace bulwark {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Golden, SamplesGiveExpectedVerdicts) {
  LoadOptions options;
  options.paths = {BULWARK_POLICY_DIR};
  auto set = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(set.ok());
  const fs::path samples = BULWARK_SAMPLES_DIR;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator(samples / "messages")) inputs.push_back(e.path());
  std::sort(inputs.begin(), inputs.end());
  ASSERT_GE(inputs.size(), 10u);
  const bool update = std::getenv("BULWARK_UPDATE_GOLDEN") != nullptr;
  int non_allow = 0;
  for (const fs::path& in : inputs) {
    cli::ScanInput input = cli::ContentFromBytes(ReadFile(in));
    const Verdict v = (*set)->Evaluate(input.content);
    non_allow += v.decision != Action::kAllow ? 1 : 0;
    nlohmann::ordered_json context;
    context["source"] = {{"kind", "file"}, {"path", "samples/messages/" + in.filename().string()}};
    context["resource"] = input.resource;
    nlohmann::ordered_json record =
        nlohmann::ordered_json::parse(sinks::MakeVerdictRecord(v, context));
    record.erase("latency_us");
    record.erase("policy_set");
    const fs::path expected_path = samples / "expected" / (in.stem().string() + ".verdict.json");
    if (update) {
      std::ofstream(expected_path) << record.dump(2) << "\n";
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_path)) << "missing golden " << expected_path;
    const auto expected = nlohmann::ordered_json::parse(ReadFile(expected_path));
    EXPECT_EQ(record, expected) << in.filename() << "\nactual:\n" << record.dump(2);
  }
  // The sample set must contain both clean and violating messages.
  EXPECT_GE(non_allow, 5);
  EXPECT_LT(non_allow, static_cast<int>(inputs.size()));
  // Rewriting the expectations is not a pass: the run reports itself skipped.
  if (update) GTEST_SKIP() << "BULWARK_UPDATE_GOLDEN: samples/expected/ rewritten, nothing checked";
}

}  // namespace
}  // namespace bulwark
