// Writes the benchmark corpora of tests/bench/compare.sh, from the same seeded generator as the
// benchmarks and the differential test.
//
//   bulwark_bench_corpus KIND BYTES COUNT OUT
//   bulwark_bench_corpus patterns POLICY_DIR     (the distinct detector patterns, one per line)
//
// KIND: business | normalise | far_context | context_everywhere | digit_run. OUT: a directory
// (one NNNNNN.txt file per message, for `bulwark scan` and grep-like tools) or a file ending in
// .jsonl (one Teams chatMessage per line, for `bulwark simulate`).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "corpus/teams_corpus.h"
#include "engine_internals.h"
#include "policy/compiled.h"

namespace {

std::string Text(bulwark::corpus::Generator* gen, const std::string& kind, size_t bytes) {
  using Stress = bulwark::corpus::Generator::Stress;
  if (kind == "business") return gen->Business(bytes);
  if (kind == "normalise") return gen->Adversarial(Stress::kNormalise, bytes);
  if (kind == "far_context") return gen->Adversarial(Stress::kFarContext, bytes);
  if (kind == "context_everywhere") return gen->Adversarial(Stress::kContextEverywhere, bytes);
  if (kind == "digit_run") return gen->Adversarial(Stress::kDigitRun, bytes);
  return {};
}

nlohmann::json ChatMessage(size_t i, const std::string& text) {
  const std::string id = std::to_string(1900000000000 + i);
  return {{"@odata.type", "#microsoft.graph.chatMessage"},
          {"id", id},
          {"etag", id},
          {"chatId", "19:bench-chat@thread.v2"},
          {"messageType", "message"},
          {"createdDateTime", "2026-12-01T09:00:00.000Z"},
          {"lastModifiedDateTime", nullptr},
          {"from",
           {{"user",
             {{"id", "8ea0e38b-efb3-4757-924a-5f94061cf8c2"},
              {"displayName", "Bench User"},
              {"userIdentityType", "aadUser"},
              {"tenantId", "2432b57b-0abd-43db-aa7b-16eadd115d34"}}}}},
          {"body", {{"contentType", "text"}, {"content", text}}},
          {"attachments", nlohmann::json::array()},
          {"mentions", nlohmann::json::array()}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "patterns") {
    bulwark::LoadOptions options;
    options.paths = {argv[2]};
    auto set = bulwark::PolicySet::Load(options, nullptr);
    if (!set.ok()) {
      std::cerr << "bulwark_bench_corpus: " << set.status().message() << "\n";
      return 1;
    }
    for (const std::string& p : bulwark::EngineInternals::Of(**set).pattern_text) {
      std::cout << p << "\n";
    }
    return 0;
  }
  if (argc != 5) {
    std::cerr << "usage: bulwark_bench_corpus KIND BYTES COUNT OUT\n";
    return 2;
  }
  const std::string kind = argv[1];
  const size_t bytes = std::strtoull(argv[2], nullptr, 10);
  const size_t count = std::strtoull(argv[3], nullptr, 10);
  const std::filesystem::path out = argv[4];
  bulwark::corpus::Generator gen(20261202);
  if (Text(&gen, kind, 16).empty() || bytes == 0 || count == 0) {
    std::cerr << "bulwark_bench_corpus: unknown kind '" << kind << "' or zero size\n";
    return 2;
  }
  if (out.extension() == ".jsonl") {
    std::ofstream o(out, std::ios::trunc);
    for (size_t i = 0; i < count; ++i) o << ChatMessage(i, Text(&gen, kind, bytes)).dump() << "\n";
    return o ? 0 : 1;
  }
  std::filesystem::create_directories(out);
  for (size_t i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%06zu.txt", i);
    std::ofstream o(out / name, std::ios::binary | std::ios::trunc);
    o << Text(&gen, kind, bytes);
    if (!o) return 1;
  }
  return 0;
}
