#include "policy/parse_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bulwark/policy_set.h"
#include "policy/policy_parser.h"
#include "policy/yaml_fields.h"
#include "test_util.h"
#include "util/digest.h"
#include "util/read_file.h"

namespace bulwark::policy {
namespace {

// Every field of the model set to something other than its default, so that a field the cache
// forgot would make the round trip below unequal.
constexpr char kEverything[] = R"(apiVersion: bulwark/v1
kind: Policy
name: everything
version: 1.2.3
description: every field set
mode: simulate
on_incomplete: notify
reject_placeholders: true
scope:
  resources: [chatMessage]
  tenants: [tenant-1]
  senders: {include: [a@example.com], exclude: [b@example.com]}
detectors:
  - id: r
    description: a regex
    regex: 'x(\d{4})'
    capture: 1
    validator: {name: mod11, weights: [2, 3, 4], modulus: 10, mode: remainder, ten_is_x: true, required: false}
    context: {keywords: [alpha], acronyms: [ABC], window: 40, exclude: [beta], required: true}
    confidence: {base: low, with_context: high, with_validator: medium}
    allow: ["x0000", {regex: 'x1\d+'}]
    mask: {keep_start: 1, keep_end: 2, keep_shape: false}
    reject_placeholders: false
  - id: k
    keywords: [secret word]
    case_sensitive: true
    whole_word: false
  - id: e
    regex: '\b[A-Za-z0-9]{20}\b'
    validator: {name: entropy, min_bits: 3.5, min_classes: 2, min_length: 12}
  - id: p
    plugin: testkit.digits
    config: {min: 3}
rules:
  - id: one
    description: a rule
    when: {all: [{detector: r, min_count: 2, min_confidence: medium, distinct: true}, {not: {any: [k, e, p]}}]}
    action: block
    severity: critical
    tip: a tip
    allow_override: with_justification
    allow_false_positive_report: false
)";

std::vector<DocumentSpec> Parse(std::string_view text, const std::string& file,
                                std::vector<Diagnostic>* diags) {
  FileDiagnostics fd(file, diags);
  std::vector<DocumentSpec> docs = ParsePolicyText(text, fd);
  EXPECT_EQ(fd.errors(), 0) << file;
  return docs;
}

TEST(ParseCache, RoundTripsEveryFieldOfTheModel) {
  std::vector<Diagnostic> diags;
  const std::vector<DocumentSpec> docs = Parse(kEverything, "everything.yaml", &diags);
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_EQ(docs[0].detectors.size(), 4u);
  const std::vector<Diagnostic> warnings = {
      {Diagnostic::Level::kWarning, "everything.yaml", 7, 3, "a warning"}};
  auto back = DeserializeParse(SerializeParse({docs, warnings}), "everything.yaml");
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->documents == docs);
  ASSERT_EQ(back->warnings.size(), 1u);
  EXPECT_EQ(back->warnings[0].ToString(), warnings[0].ToString());
  // A field changed after the fact shows: the equality the round trip relies on sees it.
  DocumentSpec changed = docs[0];
  changed.detectors[0].context_exclude.clear();
  EXPECT_FALSE(changed == docs[0]);
}

TEST(ParseCache, RoundTripsTheShippedPolicies) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(BULWARK_POLICY_DIR)) {
    if (entry.path().extension() != ".yaml") continue;
    std::string text;
    ASSERT_TRUE(ReadWholeFile(entry.path(), &text)) << entry.path();
    std::vector<Diagnostic> diags;
    const std::vector<DocumentSpec> docs = Parse(text, entry.path().string(), &diags);
    auto back = DeserializeParse(SerializeParse({docs, diags}), entry.path().string());
    ASSERT_TRUE(back.has_value()) << entry.path();
    EXPECT_TRUE(back->documents == docs) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 10u);
}

TEST(ParseCache, LocationsNameTheFileOfTheLoad) {
  std::vector<Diagnostic> diags;
  const std::vector<DocumentSpec> docs = Parse(kEverything, "a/everything.yaml", &diags);
  auto back = DeserializeParse(SerializeParse({docs, {}}), "b/everything.yaml");
  ASSERT_TRUE(back.has_value());
  const DetectorSpec& r = back->documents[0].detectors[0];
  EXPECT_EQ(r.loc.file, "b/everything.yaml");
  EXPECT_EQ(r.loc.line, docs[0].detectors[0].loc.line);
  EXPECT_EQ(r.validator->loc.file, "b/everything.yaml");
  EXPECT_EQ(back->documents[0].rules[0].when.children[1].loc.file, "b/everything.yaml");
}

TEST(ParseCache, AnEntryThatDoesNotReadBackIsIgnored) {
  std::vector<Diagnostic> diags;
  const std::string good = SerializeParse({Parse(kEverything, "e.yaml", &diags), {}});
  EXPECT_FALSE(DeserializeParse("", "e.yaml").has_value());
  EXPECT_FALSE(DeserializeParse("BWPARSE0\n" + good.substr(9), "e.yaml").has_value());    // magic
  EXPECT_FALSE(DeserializeParse(good.substr(0, good.size() / 2), "e.yaml").has_value());  // cut
  std::string flipped = good;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
  auto back = DeserializeParse(flipped, "e.yaml");  // unreadable, or readable but different
  EXPECT_TRUE(!back.has_value() || !(back->documents == Parse(kEverything, "e.yaml", &diags)));
}

// The load path: the first load parses and remembers, the second reads every file from the
// cache and gives the same set and verdicts; a corrupt entry is parsed again and replaced.
TEST(ParseCache, PolicySetLoadsTheSameFromTheCache) {
  testing::TempDir cache;
  auto load = [&](bool cached) {
    LoadOptions options;
    options.paths = {BULWARK_POLICY_DIR};
    if (cached) options.database_cache_dir = cache.path();
    auto set = PolicySet::Load(options, nullptr);
    EXPECT_TRUE(set.ok()) << set.status().message();
    return *set;
  };
  const auto fresh = load(false);
  load(true);  // parses and remembers
  size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(cache.path())) {
    entries += e.path().filename().string().starts_with("policy-parse-") ? 1 : 0;
  }
  EXPECT_GE(entries, 10u);
  const auto from_cache = load(true);
  EXPECT_EQ(from_cache->id(), fresh->id());
  EXPECT_EQ(from_cache->DetectorNames(), fresh->DetectorNames());
  Content c;
  c.resource_type = "chatMessage";
  c.fields.push_back({"body", "charge my visa 4012 8888 8888 1881, token ghp_" +
                                  std::string("wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx") + " ok"});
  const Verdict a = fresh->Evaluate(c);
  const Verdict b = from_cache->Evaluate(c);
  EXPECT_EQ(a.decision, b.decision);
  ASSERT_EQ(a.matches.size(), b.matches.size());
  for (size_t i = 0; i < a.matches.size(); ++i) {
    EXPECT_EQ(a.matches[i].rule, b.matches[i].rule);
    EXPECT_EQ(a.matches[i].policy, b.matches[i].policy);
  }

  // A corrupt entry: parsed again (the same set) and replaced.
  std::string text;
  ASSERT_TRUE(ReadWholeFile(std::string(BULWARK_POLICY_DIR) + "/financial.yaml", &text));
  const std::string digest = Sha256Hex(text);
  const std::filesystem::path entry = ParseCacheFile(cache.path(), digest);
  ASSERT_TRUE(std::filesystem::exists(entry));
  std::ofstream(entry, std::ios::binary) << "BWPARSE1\ngarbage";
  EXPECT_FALSE(LoadCachedParse(cache.path(), digest, "financial.yaml").has_value());
  EXPECT_EQ(load(true)->id(), fresh->id());
  EXPECT_TRUE(LoadCachedParse(cache.path(), digest, "financial.yaml").has_value());
}

TEST(ParseCache, AParseWithErrorsIsNotRemembered) {
  testing::TempDir dir, cache;
  const std::string broken = "apiVersion: bulwark/v1\nkind: Policy\nname: x\nrules: [{id: r}]\n";
  dir.Write("broken.yaml", broken);
  LoadOptions options;
  options.paths = {dir.path()};
  options.database_cache_dir = cache.path();
  std::vector<Diagnostic> diags;
  EXPECT_FALSE(PolicySet::Load(options, &diags).ok());
  EXPECT_FALSE(std::filesystem::exists(ParseCacheFile(cache.path(), Sha256Hex(broken))));
  // The errors are reported again, with their locations, on every load.
  std::vector<Diagnostic> again;
  EXPECT_FALSE(PolicySet::Load(options, &again).ok());
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again[0].ToString(), diags[0].ToString());
}

}  // namespace
}  // namespace bulwark::policy
