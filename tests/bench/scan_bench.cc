// Scan throughput of the shipped policies over a generated Teams-like corpus: 1 KB messages,
// about one true finding per 50 messages, single thread.
//
//   build/bin/bulwark_bench --benchmark_filter=Scan
//   BULWARK_BENCH_POLICIES=DIR build/bin/bulwark_bench     (another policy set)
//
// BM_FarContext: the proximity test's worst case at 28 KB, 1 MB and 4 MB (should be flat).
// BM_Evaluate is the number to report (the full engine: prefilter, RE2 confirmation,
// validators, context, rules, masking). BM_PrefilterOnly and BM_NaiveRe2 bracket it: the
// Hyperscan pass alone, and the naive "run every detector's RE2 over every message" baseline.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "corpus/teams_corpus.h"
#include "engine_internals.h"
#include "eval/scanner.h"
#include "policy/compiled.h"

namespace bulwark {
namespace {

struct Fixture {
  std::shared_ptr<const PolicySet> set;
  std::vector<Content> messages;
  size_t bytes = 0;

  static const Fixture& Get() {
    static const Fixture f = [] {
      Fixture x;
      LoadOptions options;
      const char* dir = std::getenv("BULWARK_BENCH_POLICIES");  // default: the shipped set
      options.paths = {dir != nullptr ? dir : BULWARK_POLICY_DIR};
      auto set = PolicySet::Load(options, nullptr);
      if (!set.ok()) std::abort();
      x.set = *set;
      corpus::Generator gen(42);
      for (std::string& m : gen.Messages(5000, 1024, 50)) {
        x.bytes += m.size();
        Content c;
        c.resource_type = "chatMessage";
        c.fields.push_back({"body", std::move(m)});
        x.messages.push_back(std::move(c));
      }
      return x;
    }();
    return f;
  }
};

void BM_Evaluate(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  size_t flagged = 0;
  for (auto _ : state) {
    for (const Content& c : f.messages) {
      const Verdict v = f.set->Evaluate(c);
      flagged += v.matches.empty() ? 0 : 1;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.messages.size()));
  state.counters["flagged_per_pass"] =
      static_cast<double>(flagged) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond);

void BM_PrefilterOnly(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  std::vector<char> fired;
  for (auto _ : state) {
    for (const Content& c : f.messages) {
      EngineInternals::Of(*f.set).database->Scan(c.fields[0].text, &fired);
      benchmark::DoNotOptimize(fired.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(BM_PrefilterOnly)->Unit(benchmark::kMillisecond);

void BM_NaiveRe2(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const CompiledPolicySet& impl = EngineInternals::Of(*f.set);
  for (auto _ : state) {
    size_t spans = 0;
    for (const Content& c : f.messages) {
      for (const CompiledDetector& d : impl.detectors) {
        bool truncated = false;
        spans += FindAllSpans(*impl.pattern_re[d.pattern], d.capture, c.fields[0].text,
                              kMaxCandidatesPerField, &truncated)
                     .size();
      }
    }
    benchmark::DoNotOptimize(spans);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(BM_NaiveRe2)->Unit(benchmark::kMillisecond);

// One field of N bytes of card numbers with the only context word ("payment") at its end: the
// proximity test's worst case (every candidate's nearest context is far). Linear since the
// window is checked by byte distance first and code points are counted only up to the window
// (before: 9.1 s for 1 MB, quadratic). Reports bytes/s per field size; compare the sizes.
void BM_FarContext(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const size_t n = static_cast<size_t>(state.range(0));
  std::string text;
  while (text.size() < n) text += "4539 1488 0343 6467 ";
  text += " payment";
  Content c;
  c.resource_type = "chatMessage";
  c.fields.push_back({"body", text});
  for (auto _ : state) benchmark::DoNotOptimize(f.set->Evaluate(c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_FarContext)->Arg(28 << 10)->Arg(1 << 20)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bulwark

BENCHMARK_MAIN();
