// Fuzz target: the policy loader (YAML parsing, structure, regex compilation, references) on
// one document, then one evaluation with whatever loaded.
#include <cstdint>
#include <string>

#include "bulwark/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;  // Hyperscan compile time grows with the pattern, not the bug
  bulwark::LoadOptions options;
  options.documents.push_back(
      {"fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size)});
  std::vector<bulwark::Diagnostic> diagnostics;
  auto set = bulwark::PolicySet::Load(options, &diagnostics);
  if (!set.ok()) {
    if (diagnostics.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  bulwark::Content c;
  c.resource_type = "text";
  c.fields.push_back({"text", "visa 4111 1111 1111 1111 secret AKIA2E3MZQ7HT5LRXV4N bluebird"});
  (void)(*set)->Evaluate(c);
  return 0;
}
