// Fuzz target: the whole engine on one field — the shipped policies and a plugin detector
// (the se-id example plugin, a real shared library, through the C++ SDK helper) — with the
// decision trace, whose verdict must be the one Evaluate() gives.
#include <cstdint>
#include <string>

#include "bulwark/engine.h"
#include "bulwark/verdict_json.h"

namespace {

std::shared_ptr<const bulwark::PolicySet> Load() {
  bulwark::LoadOptions options;
  options.paths = {BULWARK_POLICY_DIR};
  options.plugins = bulwark::PluginHost::Load({BULWARK_PLUGIN_DIR});
  options.documents.push_back(
      {"plugin.yaml",
       "apiVersion: bulwark/v1\nkind: Policy\nname: plug\n"
       "detectors: [{id: pnr, plugin: se-id.personnummer, context: {keywords: [personnummer]}}]\n"
       "rules: [{id: r, when: pnr, action: notify}]\n"});
  auto set = bulwark::PolicySet::Load(options, nullptr);
  if (!set.ok()) std::abort();
  return *set;
}

std::shared_ptr<const bulwark::PolicySet> loaded;

}  // namespace

// libFuzzer calls this once before the first input, outside the per-input -timeout: compiling
// the shipped library in the instrumented build takes ~11 s (238 detectors), which as part of
// the first input counted as a timeout. replay_main.cc does not call it: the set is then
// loaded by the first input.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  loaded = Load();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!loaded) loaded = Load();
  const std::shared_ptr<const bulwark::PolicySet>& set = loaded;
  bulwark::Content c;
  c.resource_type = "text";
  c.fields.push_back({"text", std::string(reinterpret_cast<const char*>(data), size)});
  bulwark::Verdict v = set->Evaluate(c);
  bulwark::Explanation e = set->Explain(c);
  v.latency_us = e.verdict.latency_us = 0;
  if (bulwark::VerdictToJson(v) != bulwark::VerdictToJson(e.verdict)) __builtin_trap();
  return 0;
}
