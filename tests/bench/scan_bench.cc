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
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "corpus/teams_corpus.h"
#include "detect/class_run.h"
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
  while (state.KeepRunning()) {
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

// BM_Evaluate with the event time budget off: the difference is what the budget's clock reads
// cost (LoadOptions::event_time_budget).
void BM_EvaluateWithoutTimeBudget(benchmark::State& state) {
  static const std::shared_ptr<const PolicySet> set = [] {
    LoadOptions options;
    const char* dir = std::getenv("BULWARK_BENCH_POLICIES");
    options.paths = {dir != nullptr ? dir : BULWARK_POLICY_DIR};
    options.event_time_budget = std::chrono::milliseconds(0);
    auto s = PolicySet::Load(options, nullptr);
    if (!s.ok()) std::abort();
    return *s;
  }();
  const Fixture& f = Fixture::Get();
  while (state.KeepRunning()) {
    for (const Content& c : f.messages) benchmark::DoNotOptimize(set->Evaluate(c));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(BM_EvaluateWithoutTimeBudget)->Unit(benchmark::kMillisecond);

void BM_PrefilterOnly(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  Candidates cand;
  while (state.KeepRunning()) {
    for (const Content& c : f.messages) {
      EngineInternals::Of(*f.set).database->Scan(c.fields[0].text, &cand);
      benchmark::DoNotOptimize(cand.fired.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * f.bytes));
}
BENCHMARK(BM_PrefilterOnly)->Unit(benchmark::kMillisecond);

void BM_NaiveRe2(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const CompiledPolicySet& impl = EngineInternals::Of(*f.set);
  while (state.KeepRunning()) {
    size_t spans = 0;
    for (const Content& c : f.messages) {
      for (const CompiledDetector& d : impl.detectors) {
        bool truncated = false;
        spans += FindAllSpans(impl.pattern_re[d.pattern]->get(), d.capture, c.fields[0].text,
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
  while (state.KeepRunning()) benchmark::DoNotOptimize(f.set->Evaluate(c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_FarContext)->Arg(28 << 10)->Arg(1 << 20)->Arg(4 << 20)->Unit(benchmark::kMillisecond);

Content OneField(std::string text) {
  Content c;
  c.resource_type = "chatMessage";
  c.fields.push_back({"body", std::move(text)});
  return c;
}

// Business text (10-digit invoice numbers, times, dates, versions in every sentence or two) in
// fields of 1 KB to 4 MB: the cost per byte should not depend on the field's size.
void BM_FieldSize(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  corpus::Generator gen(7);
  const Content c = OneField(gen.Business(static_cast<size_t>(state.range(0))));
  while (state.KeepRunning()) benchmark::DoNotOptimize(f.set->Evaluate(c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.fields[0].text.size()));
}
BENCHMARK(BM_FieldSize)
    ->Arg(1 << 10)
    ->Arg(28 << 10)
    ->Arg(1 << 20)
    ->Arg(4 << 20)
    ->Unit(benchmark::kMillisecond);

// Adversarial fields (corpus::Generator::Stress) at 28 KB, 1 MB and 4 MB: also linear.
void BM_Stress(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  corpus::Generator gen(11);
  const auto kind = static_cast<corpus::Generator::Stress>(state.range(0));
  const Content c = OneField(gen.Adversarial(kind, static_cast<size_t>(state.range(1))));
  while (state.KeepRunning()) benchmark::DoNotOptimize(f.set->Evaluate(c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.fields[0].text.size()));
  static const char* const kNames[] = {"normalise", "far_context", "context_everywhere",
                                       "digit_run"};
  state.SetLabel(kNames[state.range(0)]);
}
BENCHMARK(BM_Stress)
    ->ArgsProduct({{0, 1, 2, 3}, {28 << 10, 1 << 20, 4 << 20}})
    ->Unit(benchmark::kMillisecond);

// The 28 KB business fields the per-stage benchmarks below scan: 20 of them, generated once.
struct Fields {
  std::vector<std::string> texts;
  size_t bytes = 0;
};
const Fields& BusinessFields() {
  static const Fields f = [] {
    Fields x;
    corpus::Generator gen(13);
    for (int i = 0; i < 20; ++i) {
      x.texts.push_back(gen.Business(28 << 10));
      x.bytes += x.texts.back().size();
    }
    return x;
  }();
  return f;
}

// A policy of `n` generated detectors, half prefixed tokens ("q" + 3 letters + "_" + 24
// characters) and half digit shapes (3 fixed digits, then 2 and 4), none of which the business
// text holds; and one rule over all of them.
std::shared_ptr<const PolicySet> GeneratedPolicy(int n) {
  std::string yaml = "apiVersion: bulwark/v1\nkind: Policy\nname: generated\ndetectors:\n";
  std::string ids;
  for (int i = 0; i < n; ++i) {
    const std::string id = "gen-" + std::to_string(i);
    if (i % 2 == 0) {
      const int k = i / 2;
      std::string prefix = "q";
      for (int d = 0, v = k; d < 3; ++d, v /= 26) prefix += static_cast<char>('a' + v % 26);
      yaml += "  - {id: " + id + ", regex: '\\b" + prefix + "_[A-Za-z0-9]{24}\\b'}\n";
    } else {
      char digits[4];
      std::snprintf(digits, sizeof digits, "%03d", (i / 2) % 1000);
      yaml += "  - {id: " + id + ", regex: '\\b" + digits + "-\\d{2}-\\d{4}\\b'}\n";
    }
    ids += (i == 0 ? "" : ", ") + id;
  }
  yaml += "rules:\n  - {id: any-generated, when: {any: [" + ids + "]}, action: audit}\n";
  LoadOptions options;
  options.documents.push_back({"generated.yaml", yaml});
  auto set = PolicySet::Load(options, nullptr);
  if (!set.ok()) std::abort();
  return *set;
}

// Scan speed against the number of detectors (10, 100, 1,000) over 28 KB business fields.
void BM_Detectors(benchmark::State& state) {
  const auto set = GeneratedPolicy(static_cast<int>(state.range(0)));
  std::vector<Content> fields;
  for (const std::string& t : BusinessFields().texts) fields.push_back(OneField(t));
  const size_t bytes = BusinessFields().bytes;
  while (state.KeepRunning()) {
    for (const Content& c : fields) benchmark::DoNotOptimize(set->Evaluate(c));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_Detectors)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

// CI runs every benchmark once, briefly (ctest bench.every_benchmark_once), with
// BULWARK_BENCH_FIRST=N: the per-pattern and per-detector families then run their first N
// indexes only (all of them compile a database of their own; ~200 each would take minutes).
bool PastSmokeRun(benchmark::State& state, int64_t index) {
  static const char* first = std::getenv("BULWARK_BENCH_FIRST");
  if (first == nullptr || index < std::atoll(first)) return false;
  state.SkipWithError("past BULWARK_BENCH_FIRST");
  return true;
}

// Each shipped detector of the detector libraries on its own: a policy of that one detector
// (its definition copied as written) and one rule over it, in definition order of the files
// sorted by name. Detectors that do not load on their own (a plugin's) are skipped.
struct SingleDetectorSets {
  std::vector<std::string> names;
  std::vector<std::string> yaml;
};
const SingleDetectorSets& SingleDetectors() {
  static const SingleDetectorSets s = [] {
    SingleDetectorSets x;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(BULWARK_POLICY_DIR)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      const YAML::Node doc = YAML::LoadFile(file.string());
      if (!doc["detectors"] || doc["kind"].as<std::string>() != "DetectorLibrary") continue;
      const std::string library = doc["name"].as<std::string>();
      for (const YAML::Node& det : doc["detectors"]) {
        const std::string id = det["id"].as<std::string>();
        YAML::Node one;
        one["apiVersion"] = "bulwark/v1";
        one["kind"] = "Policy";
        one["name"] = library;
        one["detectors"].push_back(YAML::Clone(det));
        YAML::Node rule;
        rule["id"] = "alone";
        rule["when"]["any"].push_back(id);
        rule["action"] = "audit";
        one["rules"].push_back(rule);
        x.names.push_back(library + "." + id);
        x.yaml.push_back(YAML::Dump(one));
      }
    }
    return x;
  }();
  return s;
}

// The scan cost of detector k alone (see SingleDetectors) over 28 KB business fields: the full
// engine, as BM_Detectors. The per-detector figure of docs/detectors.md ("Cost").
void BM_DetectorAlone(benchmark::State& state) {
  const SingleDetectorSets& all = SingleDetectors();
  const auto k = static_cast<size_t>(state.range(0));
  if (PastSmokeRun(state, static_cast<int64_t>(k))) return;
  if (k >= all.yaml.size()) {
    state.SkipWithError("no such detector");
    return;
  }
  LoadOptions options;
  options.documents.push_back({all.names[k] + ".yaml", all.yaml[k]});
  auto set = PolicySet::Load(options, nullptr);
  if (!set.ok()) {
    state.SkipWithError("does not load on its own");
    return;
  }
  std::vector<Content> fields;
  for (const std::string& t : BusinessFields().texts) fields.push_back(OneField(t));
  const size_t bytes = BusinessFields().bytes;
  while (state.KeepRunning()) {
    for (const Content& c : fields) benchmark::DoNotOptimize((*set)->Evaluate(c));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetLabel(all.names[k]);
}

// Where the prefilter's time goes: the shipped set's Hyperscan patterns over 28 KB business
// fields, all of them (-1) and without each one in turn (its marginal cost). Indexes that are
// not Hyperscan patterns (digit-shaped, or past the end) are skipped.
void BM_HyperscanWithout(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const CompiledPolicySet& impl = EngineInternals::Of(*f.set);
  const auto skip = static_cast<int64_t>(state.range(0));
  if (PastSmokeRun(state, static_cast<int64_t>(skip) + 1)) return;
  auto in_hyperscan = [&](size_t i) {
    return impl.database->kind(i) == PatternDatabase::Kind::kHyperscan;
  };
  if (skip >= static_cast<int64_t>(impl.pattern_text.size()) ||
      (skip >= 0 && !in_hyperscan(static_cast<size_t>(skip)))) {
    state.SkipWithError("not a Hyperscan pattern");
    return;
  }
  std::vector<std::string> patterns;
  for (size_t i = 0; i < impl.pattern_text.size(); ++i) {
    if (static_cast<int64_t>(i) != skip && in_hyperscan(i))
      patterns.push_back(impl.pattern_text[i]);
  }
  auto db = PatternDatabase::Build(patterns, nullptr);
  if (!db.ok()) std::abort();
  const std::vector<std::string>& fields = BusinessFields().texts;
  const size_t bytes = BusinessFields().bytes;
  Candidates cand;
  while (state.KeepRunning()) {
    for (const std::string& t : fields) (*db)->Scan(t, &cand);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetLabel(skip < 0 ? "all" : impl.pattern_text[static_cast<size_t>(skip)].substr(0, 60));
}

// RE2 confirmation per pattern: the time FindSpansInRanges (or, for unbounded patterns,
// FindAllSpans) takes for pattern k over 28 KB business fields, given the prefilter's ranges.
void BM_ConfirmPattern(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const CompiledPolicySet& impl = EngineInternals::Of(*f.set);
  const auto k = static_cast<size_t>(state.range(0));
  if (PastSmokeRun(state, static_cast<int64_t>(k))) return;
  if (k >= impl.pattern_text.size()) {
    state.SkipWithError("no such pattern");
    return;
  }
  const std::vector<std::string>& fields = BusinessFields().texts;
  const size_t bytes = BusinessFields().bytes;
  std::vector<Candidates> cands(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) impl.database->Scan(fields[i], &cands[i]);
  const RE2& re = impl.pattern_re[k]->get();
  size_t spans = 0;
  size_t range_bytes = 0;
  while (state.KeepRunning()) {
    for (size_t i = 0; i < fields.size(); ++i) {
      bool truncated = false;
      spans += FindCandidateSpans(re, 0, fields[i], cands[i], k, 1u << 30, &truncated).size();
    }
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!cands[i].fired[k]) continue;
    if (!cands[i].bounded[k]) range_bytes += fields[i].size();
    for (const ByteRange& r : cands[i].ranges[k]) range_bytes += r.end - r.begin;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["range_share"] = static_cast<double>(range_bytes) / static_cast<double>(bytes);
  state.SetLabel(impl.pattern_text[k].substr(0, 60));
}

// The context keyword database (scanned once per field that has a candidate needing context)
// over 28 KB business fields, and how many context matches it reports per field.
void BM_ContextPrefilter(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const CompiledPolicySet& impl = EngineInternals::Of(*f.set);
  const std::vector<std::string>& fields = BusinessFields().texts;
  const size_t bytes = BusinessFields().bytes;
  Candidates cand;
  size_t ranges = 0;
  while (state.KeepRunning()) {
    ranges = 0;
    for (const std::string& t : fields) {
      impl.context_database->Scan(t, &cand);
      for (const auto& r : cand.ranges) ranges += r.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["ranges_per_field"] = static_cast<double>(ranges) / 20.0;
}
BENCHMARK(BM_ContextPrefilter)->Unit(benchmark::kMicrosecond);

// The class-run prefilter per pattern (detect/class_run.h): ClassRunRanges for pattern k over
// 28 KB business fields, with the share of the text its ranges cover.
void BM_ClassRun(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const CompiledPolicySet& impl = EngineInternals::Of(*f.set);
  const auto k = static_cast<size_t>(state.range(0));
  if (PastSmokeRun(state, static_cast<int64_t>(k))) return;
  std::optional<ClassRunSpec> spec;
  if (k < impl.pattern_text.size() && impl.database->kind(k) == PatternDatabase::Kind::kClassRun) {
    spec = ClassRunOf(impl.pattern_text[k]);
  }
  if (!spec) {
    state.SkipWithError("not a class-run pattern");
    return;
  }
  const std::vector<std::string>& fields = BusinessFields().texts;
  const size_t bytes = BusinessFields().bytes;
  std::vector<ByteRange> ranges;
  size_t range_bytes = 0;
  while (state.KeepRunning()) {
    range_bytes = 0;
    for (const std::string& t : fields) {
      ranges.clear();
      ClassRunRanges(t, *spec, &ranges);
      for (const ByteRange& r : ranges) range_bytes += r.end - r.begin;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["range_share"] = static_cast<double>(range_bytes) / static_cast<double>(bytes);
  state.SetLabel(impl.pattern_text[k].substr(0, 60));
}

// The per-detector and per-pattern benchmarks take one index per shipped detector, counted when
// the program starts: a fixed range fell behind the library once (220 of 238 detectors timed,
// the rest silently left out). A detector has at most one pattern, so the detector count
// bounds the pattern indexes too; indexes that are no pattern of the kind are skipped.
void RegisterPerDetectorBenchmarks() {
  const auto last = static_cast<int64_t>(SingleDetectors().yaml.size()) - 1;
  benchmark::RegisterBenchmark("BM_DetectorAlone", BM_DetectorAlone)
      ->DenseRange(0, last)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_HyperscanWithout", BM_HyperscanWithout)
      ->DenseRange(-1, last)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_ConfirmPattern", BM_ConfirmPattern)
      ->DenseRange(0, last)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_ClassRun", BM_ClassRun)
      ->DenseRange(0, last)
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace
}  // namespace bulwark

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  bulwark::RegisterPerDetectorBenchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
