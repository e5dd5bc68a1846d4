// PolicySet::Evaluate is thread-safe: concurrent evaluation gives the same verdicts as serial.
#include <gtest/gtest.h>

#include <thread>

#include "bulwark/verdict_json.h"
#include "test_util.h"

namespace bulwark {
namespace {

std::string Stable(const Verdict& v) {
  auto j = VerdictToJson(v);
  j.erase("latency_us");
  return j.dump();
}

TEST(Concurrency, ParallelEvaluationMatchesSerial) {
  LoadOptions options;
  options.paths = {BULWARK_POLICY_DIR};
  auto set = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(set.ok());
  std::vector<Content> inputs;
  const std::vector<std::string> texts = {
      "visa 4012 8888 8888 1881",
      "nothing to see",
      "SSN 536-22-8741",
      "AKIA2E3MZQ7HT5LRXV4N and 5555555555554444 and 378282246310005 and 6011111111111117",
      "IBAN DE89 3704 0044 0532 0130 00",
      "mail bob@fabrikam.com"};
  for (int i = 0; i < 240; ++i) inputs.push_back(testing::TextContent(texts[i % texts.size()]));
  std::vector<std::string> serial;
  for (const Content& c : inputs) serial.push_back(Stable((*set)->Evaluate(c)));

  constexpr int kThreads = 4;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (const Content& c : inputs) results[t].push_back(Stable((*set)->Evaluate(c)));
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(results[t], serial) << "thread " << t;
}

}  // namespace
}  // namespace bulwark
