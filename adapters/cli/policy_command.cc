// bulwark policy lint: load policy files and report every problem with its location.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "bulwark/engine.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/plugin_options.h"
#include "cli/policy_paths.h"

namespace bulwark::cli {
namespace {

constexpr char kPolicyUsage[] =
    "Usage: bulwark policy COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  lint [PATH...]   check policy files (default: the shipped policies)\n"
    "  test [DIR...]    run the test cases in DIR/tests/*.yaml against DIR's policies\n";

constexpr char kTestUsage[] =
    "Usage: bulwark policy test [DIR...]\n"
    "\n"
    "Loads the policies of each DIR (default: the shipped policies) and runs the test documents\n"
    "in DIR/tests/*.yaml: DetectorTest (texts that must / must not match a detector, with\n"
    "optional confidence and exact value) and PolicyTest (texts and their expected decision).\n"
    "Prints one 'file:line:column: message' line per failed case and a summary; exits 0 when\n"
    "every case passes, 1 otherwise.\n"
    "\n";

constexpr char kLintUsage[] =
    "Usage: bulwark policy lint [PATH...]\n"
    "\n"
    "Loads and compiles the policy files and directories given (default: the shipped\n"
    "policies) exactly as the engine does, and reports every error and warning of the set in\n"
    "one run, sorted, one 'file:line:column: message' line each: structure, invalid regexes\n"
    "(with the RE2 way to write PCRE-only syntax), unknown references and validators, unused\n"
    "detectors, conditions that can never hold, masks that are cut back, and patterns that are\n"
    "expensive to compile or to scan (high cost). Exits 0 when the set is valid (warnings\n"
    "allowed), 1 when it is not.\n"
    "\n";

int Lint(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  LoadOptions options;
  options.paths = PolicyPathsOrDefault(args->positional, cmd.argv0());
  options.database_cache_dir = DefaultDatabaseCacheDir();
  options.plugins = LoadPlugins(*args, cmd.argv0(), "bulwark policy lint");
  if (!options.plugins) return kExitFailure;
  std::vector<Diagnostic> diagnostics;
  auto set = PolicySet::Load(options, &diagnostics);
  if (!set.ok()) {
    for (const Diagnostic& d : diagnostics) std::cout << d.ToString() << "\n";
    std::cerr << "bulwark policy lint: " << set.status().message() << "\n";
    return kExitFailure;
  }
  // Costs: each high-cost pattern is a warning (with its reasons), in order with the others.
  const std::vector<PolicySet::DetectorCost> costs = (*set)->Costs();
  for (const PolicySet::DetectorCost& c : costs) {
    if (c.cost != "high") continue;
    std::string why;
    for (const std::string& r : c.reasons) why += "; " + r;
    diagnostics.push_back(
        {Diagnostic::Level::kWarning, c.file, c.line, c.column,
         "detector '" + c.detector + "' is expensive to scan: " + c.prefilter + why});
  }
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.file.empty() != b.file.empty()) return b.file.empty();
                     return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
                   });
  for (const Diagnostic& d : diagnostics) std::cout << d.ToString() << "\n";
  if (args->Has("cost")) {
    std::cout << "cost    compile_ms  detector  (prefilter; reasons)\n";
    for (const PolicySet::DetectorCost& c : costs) {
      char ms[32];
      std::snprintf(ms, sizeof ms, "%10.2f", c.compile_ms);
      std::cout << c.cost << std::string(8 - c.cost.size(), ' ') << ms << "  " << c.detector
                << "  (" << c.prefilter;
      for (const std::string& r : c.reasons) std::cout << "; " << r;
      std::cout << ")\n";
    }
  }
  const PolicySetStats& s = (*set)->stats();
  std::cerr << "ok: " << s.files << " files, " << s.policies << " policies, " << s.detectors
            << " detectors, " << s.patterns << " patterns (" << s.prefiltered
            << " prefiltered by Hyperscan, " << s.digit_shaped << " by digit runs, " << s.unfiltered
            << " RE2 only; " << s.whole_field << " confirmed over whole fields), "
            << s.context_patterns << " context lists; " << (*set)->id() << "\n";
  return kExitOk;
}

int Test(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  const auto plugins = LoadPlugins(*args, cmd.argv0(), "bulwark policy test");
  if (!plugins) return kExitFailure;
  std::vector<std::filesystem::path> dirs = PolicyPathsOrDefault(args->positional, cmd.argv0());
  int failed = 0;
  for (const auto& dir : dirs) {
    LoadOptions options;
    options.paths = {dir};
    options.plugins = plugins;
    std::vector<Diagnostic> diagnostics;
    auto set = PolicySet::Load(options, &diagnostics);
    for (const Diagnostic& d : diagnostics) std::cout << d.ToString() << "\n";
    if (!set.ok()) {
      std::cerr << "bulwark policy test: " << dir.string() << ": " << set.status().message()
                << "\n";
      ++failed;
      continue;
    }
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir / "tests", ec)) {
      const auto ext = e.path().extension();
      if (ext == ".yaml" || ext == ".yml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      std::cerr << "bulwark policy test: no test files in " << (dir / "tests").string() << "\n";
      ++failed;
      continue;
    }
    const PolicyTestReport r = RunPolicyTests(**set, files);
    for (const Diagnostic& d : r.failures) std::cout << d.ToString() << "\n";
    std::cerr << dir.string() << ": " << r.passed << " of " << r.cases << " cases passed in "
              << r.files << " files; " << r.detector_cases.size() << " detectors tested\n";
    // The closing line CI runners read.
    // Failures that are not failed cases are malformed test documents: they count as failures.
    const size_t failed_cases = r.cases - r.passed;
    const size_t broken = r.failures.size() > failed_cases ? r.failures.size() - failed_cases : 0;
    std::cout << "policy tests: " << r.passed << " passed, " << failed_cases << " failed";
    if (broken > 0) std::cout << ", " << broken << " malformed test document(s)";
    std::cout << "\n";
    if (!r.failures.empty()) ++failed;
  }
  return failed == 0 ? kExitOk : kExitFailure;
}

}  // namespace

Command PolicyLintCommand() {
  return {{"policy", "lint"},
          "check policy files and report every problem with its location",
          kLintUsage,
          {PluginsOption(),
           {"cost", "",
            "also print every detector's cost class, its pattern's Hyperscan compile time and "
            "what makes it expensive"}},
          &Lint};
}

Command PolicyTestCommand() {
  return {{"policy", "test"},
          "run the policies' test cases (DetectorTest, PolicyTest)",
          kTestUsage,
          {PluginsOption()},
          &Test};
}

}  // namespace bulwark::cli
