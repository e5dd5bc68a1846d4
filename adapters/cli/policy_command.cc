// bulwark policy lint: load policy files and report every problem with its location.
#include <iostream>

#include "bulwark/engine.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/policy_paths.h"

namespace bulwark::cli {
namespace {

constexpr char kPolicyUsage[] =
    "Usage: bulwark policy COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  lint [PATH...]   check policy files (default: the shipped policies)\n";

constexpr char kLintUsage[] =
    "Usage: bulwark policy lint [PATH...]\n"
    "\n"
    "Loads and compiles the policy files and directories given (default: the shipped\n"
    "policies) exactly as the engine does. Prints one 'file:line:column: message' line per\n"
    "error or warning. Exits 0 when the set is valid (warnings allowed), 1 when it is not.\n"
    "\n";

int Lint(int argc, char** argv, int first) {
  auto args = ParseArgs(argc, argv, first, {});
  if (!args.ok()) {
    std::cerr << "bulwark policy lint: " << args.status().message()
              << "\nTry 'bulwark policy lint --help'.\n";
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::cout << kLintUsage << FormatOptions({});
    return kExitOk;
  }
  LoadOptions options;
  options.paths = PolicyPathsOrDefault(args->positional, argv[0]);
  std::vector<Diagnostic> diagnostics;
  auto set = PolicySet::Load(options, &diagnostics);
  for (const Diagnostic& d : diagnostics) std::cout << d.ToString() << "\n";
  if (!set.ok()) {
    std::cerr << "bulwark policy lint: " << set.status().message() << "\n";
    return kExitFailure;
  }
  const PolicySetStats& s = (*set)->stats();
  std::cerr << "ok: " << s.files << " files, " << s.policies << " policies, " << s.detectors
            << " detectors, " << s.patterns << " patterns (" << s.prefiltered
            << " prefiltered by Hyperscan, " << s.unfiltered << " RE2 only), " << s.context_patterns
            << " context lists; " << (*set)->id() << "\n";
  return kExitOk;
}

}  // namespace

int PolicyCommand(int argc, char** argv, int first) {
  if (first >= argc || std::string(argv[first]) == "--help" || std::string(argv[first]) == "help") {
    std::cout << kPolicyUsage;
    return first >= argc ? kExitUsage : kExitOk;
  }
  const std::string sub = argv[first];
  if (sub == "lint") return Lint(argc, argv, first + 1);
  std::cerr << "bulwark policy: unknown command '" << sub << "'\n" << kPolicyUsage;
  return kExitUsage;
}

}  // namespace bulwark::cli
