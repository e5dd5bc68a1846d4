// End-to-end replay of the bundled capture (samples/notifications/capture.jsonl: encrypted chat
// and channel messages, a probe, lifecycle events, broken events) against golden records in
// samples/expected/replay.jsonl (latency and policy-set hash excluded).
// Regenerate after an intended change: BULWARK_UPDATE_GOLDEN=1, then review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/runtime_config.h"
#include "pipeline/envelope_processor.h"
#include "replay/capture_reader.h"

namespace bulwark {
namespace {

TEST(ReplayGolden, SampleCaptureGivesExpectedRecords) {
  const std::string samples = BULWARK_SAMPLES_DIR;
  cli::RuntimeConfig config;
  ASSERT_TRUE(cli::LoadRuntimeConfig(samples + "/replay.yaml", &config).ok());
  LoadOptions load;
  load.paths.assign(config.policies.begin(), config.policies.end());
  auto set = PolicySet::Load(load, nullptr);
  ASSERT_TRUE(set.ok());
  graph::KeyStore keys;
  for (const auto& k : config.keys) {
    // Git does not keep file modes, and a key readable by others is refused: the sample key is
    // TEST-ONLY, make it the owner's as a deployment would.
    std::filesystem::permissions(
        k.key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    const Status s = keys.Add(k.id, k.key_file, k.cert_file, nullptr);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  graph::DecoderConfig dc;
  dc.keys = &keys;
  dc.client_state = "sample-client-state-TEST-ONLY";
  dc.allowed_tenants = config.tenants;
  const graph::NotificationDecoder decoder(dc);
  const pipeline::EnvelopeProcessor processor(&decoder);

  replay::CaptureReader reader;
  ASSERT_TRUE(reader.Open(samples + "/notifications/capture.jsonl").ok());
  std::vector<std::string> lines;
  pipeline::Tally tally;
  source::Envelope e;
  while (reader.Next(&e)) {
    e.file = "capture.jsonl";  // independent of where the checkout lives
    auto p = processor.Process(e, **set);
    tally.Add(p.tally);
    for (const auto& r : p.records) {
      auto j = nlohmann::ordered_json::parse(r.json);
      j.erase("latency_us");
      j.erase("policy_set");
      lines.push_back(j.dump());
    }
  }
  // The capture is what the issue asks of it.
  EXPECT_GE(tally.notifications, 50u);
  EXPECT_EQ(tally.probes, 1u);
  EXPECT_GE(tally.lifecycle, 1u);
  EXPECT_GE(tally.verdicts[static_cast<size_t>(Action::kBlock)], 3u);
  EXPECT_GE(tally.verdicts[static_cast<size_t>(Action::kAllow)], 10u);
  EXPECT_GE(tally.total_dead_letters(), 5u);

  const std::string golden = samples + "/expected/replay.jsonl";
  if (std::getenv("BULWARK_UPDATE_GOLDEN") != nullptr) {
    std::ofstream out(golden);
    for (const auto& l : lines) out << l << "\n";
    GTEST_SKIP() << "BULWARK_UPDATE_GOLDEN: " << golden << " rewritten, nothing checked";
  }
  std::ifstream in(golden);
  ASSERT_TRUE(in) << "missing " << golden;
  std::vector<std::string> expected;
  for (std::string l; std::getline(in, l);) expected.push_back(l);
  ASSERT_EQ(lines.size(), expected.size());
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], expected[i]) << "record " << i;
}

}  // namespace
}  // namespace bulwark
