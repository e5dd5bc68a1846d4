#include "service/metrics.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace bulwark::service {
namespace {

TEST(Histogram, BucketsAreCumulativeAndQuantilesApproximate) {
  Histogram h({0.01, 0.1, 1});
  for (int i = 0; i < 90; ++i) h.Observe(0.005);
  for (int i = 0; i < 9; ++i) h.Observe(0.05);
  h.Observe(5);
  std::string out;
  h.Render("x", &out);
  EXPECT_NE(out.find("x_bucket{le=\"0.01\"} 90\n"), std::string::npos);
  EXPECT_NE(out.find("x_bucket{le=\"0.1\"} 99\n"), std::string::npos);
  EXPECT_NE(out.find("x_bucket{le=\"1\"} 99\n"), std::string::npos);
  EXPECT_NE(out.find("x_bucket{le=\"+Inf\"} 100\n"), std::string::npos);
  EXPECT_NE(out.find("x_count 100\n"), std::string::npos);
  EXPECT_DOUBLE_EQ(h.Quantile(0.5), 0.01);
  EXPECT_DOUBLE_EQ(h.Quantile(0.99), 0.1);
}

TEST(Metrics, RendersTallyLagAndPolicySet) {
  Metrics m;
  pipeline::Tally t;
  t.events = 3;
  t.notifications = 4;
  t.verdicts[3] = 2;
  t.dead_letters["signature_mismatch"] = 1;
  m.AddTally(t);
  m.AddTally(t);
  m.SetLag({{2, 17}});
  m.SetPolicySet("sha256:ab");
  m.SinkFailure("jsonl:/x");
  m.SetCertificateExpiry({{"dlp-2026-12", 1830000000}});
  const std::string out = m.Render();
  for (const char* want : {"bulwark_events_total 6\n", "bulwark_notifications_total 8\n",
                           "bulwark_verdicts_total{decision=\"block\"} 4\n",
                           "bulwark_verdicts_total{decision=\"allow\"} 0\n",
                           "bulwark_dead_letters_total{reason=\"signature_mismatch\"} 2\n",
                           "bulwark_partition_lag{partition=\"2\"} 17\n",
                           "bulwark_policy_set_info{id=\"sha256:ab\"} 1\n",
                           "bulwark_sink_failures_total{sink=\"jsonl:/x\"} 1\n",
                           "bulwark_certificate_expiry_timestamp_seconds{id=\"dlp-2026-12\"} "
                           "1830000000\n",
                           "# TYPE bulwark_processing_seconds histogram\n"}) {
    EXPECT_NE(out.find(want), std::string::npos) << want;
  }
}

TEST(Metrics, RendersPluginFailuresAtScrapeTime) {
  LoadOptions options;
  options.plugins = PluginHost::LoadFiles(
      {std::filesystem::path(BULWARK_TEST_PLUGIN_DIR) / "testkit" / "testkit.so"});
  auto set =
      testing::LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                         "detectors: [{id: c, plugin: testkit.canary, config: {confidence: low}}]\n"
                         "rules: [{id: r, when: c, action: audit}]\n"},
                        options);
  ASSERT_TRUE(set);
  Metrics m;
  m.SetPolicySet(set->id(), set);
  EXPECT_NE(
      m.Render().find("bulwark_plugin_errors_total{detector=\"p/c\",plugin=\"testkit.canary\"} 0"),
      std::string::npos);
  set->Evaluate(testing::TextContent("boom"));
  set->Evaluate(testing::TextContent("boom"));
  const std::string out = m.Render();
  EXPECT_NE(out.find("bulwark_plugin_errors_total{detector=\"p/c\",plugin=\"testkit.canary\"} 2"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("bulwark_plugin_quarantined{detector=\"p/c\",plugin=\"testkit.canary\"} 0"),
            std::string::npos);
}

}  // namespace
}  // namespace bulwark::service
