// Service over an in-memory source: it runs the pipeline to the end of a finite source, and a
// reload replaces the policy set everywhere (the startup set is freed; a broken file keeps the
// running set).
#include "service/service.h"

#include <gtest/gtest.h>

#include "test_util.h"
#include "unit/pipeline/pipeline_fakes.h"

namespace bulwark::service {
namespace {

constexpr char kPolicy[] =
    "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
    "detectors:\n  - {id: word, keywords: [codeword]}\n"
    "rules:\n  - {id: r, when: word, action: notify}\n";

TEST(Service, ReloadReplacesThePolicySetAndFreesTheOldOne) {
  testing::TempDir dir;
  const auto file = dir.Write("p.yaml", kPolicy);
  LoadOptions load;
  load.paths = {file};
  auto loaded = PolicySet::Load(load, nullptr);
  ASSERT_TRUE(loaded.ok());
  std::weak_ptr<const PolicySet> startup = *loaded;

  auto source = std::make_unique<testing::FakeSource>(/*positioned=*/true);
  for (int i = 0; i < 5; ++i) source->Add(0, R"({"value":[]})");
  auto sink = std::make_shared<testing::FakeSink::State>();
  std::vector<sinks::SinkRoute> routes;
  routes.push_back({std::make_unique<testing::FakeSink>(sink), sinks::kAllRecordKinds});
  ServiceOptions options;
  options.metrics_listen = "";
  options.workers = 2;
  options.policy_load = load;
  const graph::NotificationDecoder decoder(graph::DecoderConfig{});
  testing::FakeClock clock;
  Service svc(options, std::move(source), &decoder, std::move(loaded).value(), std::move(routes),
              clock);
  EXPECT_EQ(svc.Run(), 0);
  EXPECT_EQ(svc.tally().events, 5u);
  ASSERT_FALSE(startup.expired());
  const std::string id = svc.policies()->id();

  // A broken file: the running set stays.
  dir.Write("p.yaml", "apiVersion: bulwark/v1\nkind: Policy\nname: [\n");
  EXPECT_FALSE(svc.Reload());
  EXPECT_EQ(svc.policies()->id(), id);
  EXPECT_FALSE(startup.expired());

  // A good one replaces it, and nothing keeps the startup set alive any more.
  dir.Write("p.yaml", std::string(kPolicy) + "description: changed\n");
  EXPECT_TRUE(svc.Reload());
  EXPECT_NE(svc.policies()->id(), id);
  EXPECT_TRUE(startup.expired());
}

}  // namespace
}  // namespace bulwark::service
