// The worst case we know of for each stage an event goes through, next to ordinary text of the
// same size (1 MB unless the name says otherwise): JSON parsing of the decrypted message, HTML to
// text, normalisation, the scan (proximity and candidates) and a plugin call. Each benchmark's
// label is "STAGE/KIND"; tests/bench/compare.sh prints them as one table (MB/s).
//
//   build/bin/bulwark_stage_bench
//
// Bounded cost per event (docs/security.md) rests on these: every stage is linear in its input,
// and the slowest adversarial figure here sets how far below the event time budget a 1 MB event
// stays.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/plugin_host.h"
#include "bulwark/policy_set.h"
#include "corpus/teams_corpus.h"
#include "detect/normalizer.h"
#include "graph/chat_message.h"
#include "graph/html_text.h"
#include "graph/json_parse.h"

namespace bulwark {
namespace {

constexpr size_t kSize = 1 << 20;

// Repeats `unit` until `bytes` is reached.
std::string Fill(std::string_view unit, size_t bytes) {
  std::string s;
  s.reserve(bytes + unit.size());
  while (s.size() < bytes) s += unit;
  return s;
}

// Business text as Teams HTML: paragraphs with a little markup and an entity now and then.
std::string BusinessHtml(size_t bytes) {
  corpus::Generator gen(7);
  const std::string text = gen.Business(bytes * 9 / 10);
  const auto part = [&text](size_t from, size_t n) {
    return from < text.size() ? text.substr(from, n) : std::string();
  };
  std::string html;
  for (size_t i = 0; i < text.size(); i += 200) {
    html += "<p>" + part(i, 100) + " <b>" + part(i + 100, 50) + "</b> &amp; " + part(i + 150, 50) +
            "</p>";
  }
  return html;
}

// The HTML inputs: ordinary, 100,000+ tags with attributes, every character an entity,
// unterminated tags and comments.
std::string Html(int kind) {
  switch (kind) {
    case 0:
      return BusinessHtml(kSize);
    case 1:
      return Fill("<div class=\"a\"><span style=\"x\">t</span></div>", kSize);
    case 2:
      return Fill("&#x1F600;&nbsp;&amp;&eacute;&#8203;", kSize);
    default:
      return Fill("<a <b <!-- x <c='", kSize);
  }
}

void BM_HtmlToText(benchmark::State& state) {
  const std::string html = Html(static_cast<int>(state.range(0)));
  while (state.KeepRunning()) benchmark::DoNotOptimize(graph::HtmlToText(html));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
  static const char* const kNames[] = {"html/ordinary", "html/100k_tags", "html/all_entities",
                                       "html/unterminated"};
  state.SetLabel(kNames[state.range(0)]);
}
BENCHMARK(BM_HtmlToText)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

// A decrypted chatMessage around `content` (a JSON string's text, already escaped) and
// `extra` (more members, raw JSON).
std::string ChatMessage(const std::string& content, const std::string& extra) {
  return R"({"@odata.type":"#microsoft.graph.chatMessage","id":"1","messageType":"message",)"
         R"("from":{"user":{"id":"u","displayName":"A"}},"body":{"contentType":"html","content":")" +
         content + R"("})" + extra + "}";
}

// The JSON inputs: ordinary, a body of \u escapes, 100,000 nested arrays (beyond simdjson's
// depth limit: nlohmann takes it), 50,000 attachments.
std::string Json(int kind) {
  switch (kind) {
    case 0: {
      std::string html = BusinessHtml(kSize - 300);
      std::string escaped;
      for (char c : html) {
        if (c == '"')
          escaped += "\\\"";
        else
          escaped += c;
      }
      return ChatMessage(escaped, "");
    }
    case 1:
      return ChatMessage(Fill("\\u00e9\\ud83d\\ude00\\n", kSize - 300), "");
    case 2:
      return ChatMessage("x", ",\"deep\":" + std::string(100000, '[') + std::string(100000, ']'));
    default: {
      std::string a = ",\"attachments\":[";
      while (a.size() < kSize - 400) {
        a += R"({"id":"1","contentType":"text/html","content":"<p>x</p>"},)";
      }
      a.back() = ']';
      return ChatMessage("x", a);
    }
  }
}

void BM_ParseChatMessage(benchmark::State& state) {
  const std::string text = Json(static_cast<int>(state.range(0)));
  while (state.KeepRunning()) {
    const nlohmann::json j = graph::ParseJson(text);
    benchmark::DoNotOptimize(graph::ChatMessageToContent(j));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  static const char* const kNames[] = {"json/ordinary", "json/all_escapes", "json/nested_100k",
                                       "json/50k_attachments"};
  state.SetLabel(kNames[state.range(0)]);
}
BENCHMARK(BM_ParseChatMessage)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

void BM_Normalize(benchmark::State& state) {
  corpus::Generator gen(3);
  const std::string text = state.range(0) == 0
                               ? gen.Business(kSize)
                               : gen.Adversarial(corpus::Generator::Stress::kNormalise, kSize);
  NormalizedText norm;
  while (state.KeepRunning()) {
    const uint32_t props = InspectText(text);
    if (props & kNeedsNormalization) Normalize(text, &norm, true);
    benchmark::DoNotOptimize(norm.text.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetLabel(state.range(0) == 0 ? "normalize/ordinary" : "normalize/every_class");
}
BENCHMARK(BM_Normalize)->DenseRange(0, 1)->Unit(benchmark::kMillisecond);

Content OneField(std::string text) {
  Content c;
  c.resource_type = "chatMessage";
  c.fields.push_back({"body", std::move(text)});
  return c;
}

// The whole engine (shipped policies) on one 1 MB field: ordinary, then each adversarial kind
// (proximity with context far away and everywhere, one unbroken digit run, normalisation).
void BM_Scan(benchmark::State& state) {
  static const std::shared_ptr<const PolicySet> set = [] {
    LoadOptions options;
    options.paths = {BULWARK_POLICY_DIR};
    auto s = PolicySet::Load(options, nullptr);
    if (!s.ok()) std::abort();
    return *s;
  }();
  corpus::Generator gen(11);
  const int kind = static_cast<int>(state.range(0));
  const Content c = OneField(
      kind == 0 ? gen.Business(kSize)
                : gen.Adversarial(static_cast<corpus::Generator::Stress>(kind - 1), kSize));
  while (state.KeepRunning()) benchmark::DoNotOptimize(set->Evaluate(c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.fields[0].text.size()));
  static const char* const kNames[] = {"scan/ordinary", "scan/normalise", "scan/far_context",
                                       "scan/context_everywhere", "scan/digit_run"};
  state.SetLabel(kNames[kind]);
}
BENCHMARK(BM_Scan)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// A plugin detector (the shipped se-id.personnummer, a real shared library) on ordinary text
// and on text that is nothing but candidates of its prefilter.
void BM_Plugin(benchmark::State& state) {
  static const std::shared_ptr<const PolicySet> set = [] {
    LoadOptions options;
    options.plugins = PluginHost::Load({BULWARK_SHIPPED_PLUGIN_DIR});
    options.documents = {{"bench.yaml",
                          "apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                          "detectors: [{id: pnr, plugin: se-id.personnummer, "
                          "config: {require_separator: false}}]\n"
                          "rules: [{id: r, when: pnr, action: audit}]\n"}};
    auto s = PolicySet::Load(options, nullptr);
    if (!s.ok()) std::abort();
    return *s;
  }();
  corpus::Generator gen(5);
  const Content c =
      OneField(state.range(0) == 0 ? gen.Business(kSize) : Fill("811218-9876 1912121212 ", kSize));
  while (state.KeepRunning()) benchmark::DoNotOptimize(set->Evaluate(c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.fields[0].text.size()));
  state.SetLabel(state.range(0) == 0 ? "plugin/ordinary" : "plugin/all_candidates");
}
BENCHMARK(BM_Plugin)->DenseRange(0, 1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace bulwark

BENCHMARK_MAIN();
