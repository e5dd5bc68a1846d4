// bulwark policy lint: load policy files and report every problem with its location.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <tuple>

#include "bulwark/engine.h"
#include "bulwark/policy_diff.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/plugin_options.h"
#include "cli/policy_paths.h"
#include "graph/chat_message.h"

namespace bulwark::cli {
namespace {

constexpr char kPolicyUsage[] =
    "Usage: bulwark policy COMMAND [ARGS]\n"
    "\n"
    "Commands:\n"
    "  lint [PATH...]   check policy files (default: the shipped policies)\n"
    "  test [DIR...]    run the test cases in DIR/tests/*.yaml against DIR's policies\n"
    "  diff OLD NEW     classify a policy change as major, minor or patch\n";

constexpr char kTestUsage[] =
    "Usage: bulwark policy test [DIR...]\n"
    "       bulwark policy test --policies PATH... TESTS...\n"
    "\n"
    "Loads the policies of each DIR (default: the shipped policies) and runs the test documents\n"
    "in DIR/tests/*.yaml; with --policies, runs the test files (or directories of them) given\n"
    "against those policies. DetectorTest: texts that must / must not match a detector, with\n"
    "optional confidence and exact value. PolicyTest: a text or a whole chatMessage (sender,\n"
    "subject, HTML body, attachments, cards), optional sender/tenant, and the expected\n"
    "decision, rules that must and must not match, and findings per detector.\n"
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
  std::stable_sort(diagnostics.begin(), diagnostics.end(), Diagnostic::InFileOrder);
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
            << " prefiltered by Hyperscan, " << s.digit_shaped << " by digit runs, " << s.class_runs
            << " by class runs, " << s.near_context << " only near their context keywords, "
            << s.unfiltered << " RE2 only; " << s.whole_field << " confirmed over whole fields), "
            << s.context_patterns << " context lists; " << (*set)->id() << "\n";
  if (!(*set)->versions().empty()) {
    std::cerr << "versions:";
    for (const auto& [name, version] : (*set)->versions())
      std::cerr << " " << name << " " << version;
    std::cerr << "\n";
  }
  return kExitOk;
}

// The test files of `path`: the file itself, or a directory's *.yaml / *.yml files (sorted).
std::vector<std::filesystem::path> TestFiles(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return {path};
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
    const auto ext = e.path().extension();
    if (ext == ".yaml" || ext == ".yml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // XML 1.0 has no other control characters than tab, newline and carriage return.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

// JUnit XML (the dialect CI systems read): one testsuite per DetectorTest detector and for
// the PolicyTests, one testcase per case, a <failure> with the located message.
bool WriteJunit(const std::string& path, const std::vector<PolicyTestCaseResult>& results,
                size_t malformed) {
  std::map<std::string, std::vector<const PolicyTestCaseResult*>> suites;
  size_t failures = 0;
  for (const auto& r : results) {
    suites[r.suite].push_back(&r);
    failures += r.failure.empty() ? 0 : 1;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bulwark policy test\""
      << " tests=\"" << results.size() << "\" failures=\"" << failures << "\" errors=\""
      << malformed << "\">\n";
  for (const auto& [suite, cases] : suites) {
    size_t f = 0;
    for (const auto* c : cases) f += c->failure.empty() ? 0 : 1;
    out << "  <testsuite name=\"" << XmlEscape(suite) << "\" tests=\"" << cases.size()
        << "\" failures=\"" << f << "\">\n";
    for (const auto* c : cases) {
      out << "    <testcase classname=\"" << XmlEscape(suite) << "\" name=\"" << XmlEscape(c->name)
          << "\" file=\"" << XmlEscape(c->file) << "\" line=\"" << c->line << "\"";
      if (c->failure.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n      <failure message=\"" << XmlEscape(c->failure) << "\">"
          << XmlEscape(c->file + ":" + std::to_string(c->line) + ":" + std::to_string(c->column) +
                       ": " + c->failure)
          << "</failure>\n    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  out.close();
  return static_cast<bool>(out);
}

int Test(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  const auto plugins = LoadPlugins(*args, cmd.argv0(), "bulwark policy test");
  if (!plugins) return kExitFailure;
  PolicyTestOptions test_options;
  test_options.message_to_content = [](const std::string& json) -> Result<Content> {
    const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !graph::IsChatMessage(j)) {
      return Status::InvalidArgument("it has no body.content");
    }
    return graph::ChatMessageToContent(j);
  };
  // Each run: the policies, and the test files to run against them.
  struct Run {
    std::string label;
    std::vector<std::filesystem::path> policies;
    std::vector<std::filesystem::path> tests;
  };
  std::vector<Run> runs;
  if (args->Has("policies")) {
    if (args->positional.empty()) {
      return cmd.UsageError("with --policies, give the test files or directories to run");
    }
    Run run{"", {}, {}};
    for (const std::string& p : args->All("policies")) run.policies.emplace_back(p);
    for (const std::string& t : args->positional) {
      for (auto& f : TestFiles(t)) run.tests.push_back(std::move(f));
      run.label += (run.label.empty() ? "" : " ") + t;
    }
    runs.push_back(std::move(run));
  } else {
    for (const auto& dir : PolicyPathsOrDefault(args->positional, cmd.argv0())) {
      runs.push_back({dir.string(), {dir}, TestFiles(dir / "tests")});
    }
  }
  int failed = 0;
  size_t malformed_total = 0;
  std::vector<PolicyTestCaseResult> all;
  for (const Run& run : runs) {
    LoadOptions options;
    options.paths = run.policies;
    options.plugins = plugins;
    std::vector<Diagnostic> diagnostics;
    auto set = PolicySet::Load(options, &diagnostics);
    for (const Diagnostic& d : diagnostics) std::cout << d.ToString() << "\n";
    if (!set.ok()) {
      std::cerr << "bulwark policy test: " << run.label << ": " << set.status().message() << "\n";
      ++failed;
      continue;
    }
    if (run.tests.empty()) {
      std::cerr << "bulwark policy test: no test files in " << run.label << "\n";
      ++failed;
      continue;
    }
    const PolicyTestReport r = RunPolicyTests(**set, run.tests, test_options);
    for (const Diagnostic& d : r.failures) std::cout << d.ToString() << "\n";
    std::cerr << run.label << ": " << r.passed << " of " << r.cases << " cases passed in "
              << r.files << " files; " << r.detector_cases.size() << " detectors tested\n";
    // The closing line CI runners read.
    // Failures that are not failed cases are malformed test documents: they count as failures.
    const size_t failed_cases = r.cases - r.passed;
    const size_t broken = r.failures.size() > failed_cases ? r.failures.size() - failed_cases : 0;
    malformed_total += broken;
    std::cout << "policy tests: " << r.passed << " passed, " << failed_cases << " failed";
    if (broken > 0) std::cout << ", " << broken << " malformed test document(s)";
    std::cout << "\n";
    if (!r.failures.empty()) ++failed;
    all.insert(all.end(), r.results.begin(), r.results.end());
  }
  if (args->Has("junit") && !WriteJunit(args->Get("junit"), all, malformed_total)) {
    return cmd.Failure("cannot write " + args->Get("junit"));
  }
  return failed == 0 ? kExitOk : kExitFailure;
}

constexpr char kDiffUsage[] =
    "Usage: bulwark policy diff [--format text|json] OLD NEW\n"
    "\n"
    "Compares two versions of a policy set (each a file or directory) and classifies the change\n"
    "like a semantic version: major when something can now be flagged that was not (a new rule\n"
    "or policy, a changed pattern, a lower confidence floor or count, a removed allowlist entry\n"
    "or validator, a wider scope, an action raised, simulate -> enforce), minor when it can only\n"
    "flag less, patch when nothing that decides changed. Each reason is listed. Every policy and\n"
    "library present in both sets must declare a `version` whose bump is at least its change;\n"
    "exits 1 when one does not (or a set does not load), 0 otherwise.\n"
    "\n";

int Diff(const Invocation& cmd) {
  const ParsedArgs& args = cmd.args();
  const std::string format = args.Get("format", "text");
  if (format != "text" && format != "json") return cmd.UsageError("--format must be text or json");
  if (args.positional.size() != 2) return cmd.UsageError("give OLD and NEW");
  const auto plugins = LoadPlugins(args, cmd.argv0(), "bulwark policy diff");
  if (!plugins) return kExitFailure;
  std::shared_ptr<const PolicySet> sets[2];
  for (int i = 0; i < 2; ++i) {
    LoadOptions options;
    options.paths = {args.positional[static_cast<size_t>(i)]};
    options.plugins = plugins;
    options.database_cache_dir = DefaultDatabaseCacheDir();
    std::vector<Diagnostic> diagnostics;
    auto set = PolicySet::Load(options, &diagnostics);
    for (const Diagnostic& d : diagnostics) {
      if (d.level == Diagnostic::Level::kError) std::cerr << d.ToString() << "\n";
    }
    if (!set.ok()) {
      return cmd.Failure(args.positional[static_cast<size_t>(i)] + ": " + set.status().message());
    }
    sets[i] = *set;
  }
  const PolicyDiff diff = DiffPolicySets(*sets[0], *sets[1]);
  const bool versions_ok = std::all_of(diff.versions.begin(), diff.versions.end(),
                                       [](const VersionCheck& v) { return v.ok; });
  if (format == "json") {
    nlohmann::ordered_json j;
    j["level"] = ToString(diff.level);
    j["policy_sets"] = {{"old", sets[0]->id()}, {"new", sets[1]->id()}};
    j["changes"] = nlohmann::ordered_json::array();
    for (const PolicyChange& c : diff.changes) {
      j["changes"].push_back({{"level", ToString(c.level)},
                              {"subject", c.subject},
                              {"what", c.what},
                              {"documents", c.documents}});
    }
    j["versions"] = nlohmann::ordered_json::array();
    for (const VersionCheck& v : diff.versions) {
      nlohmann::ordered_json jv = {{"document", v.document},
                                   {"old", v.before},
                                   {"new", v.after},
                                   {"needed", ToString(v.needed)},
                                   {"ok", v.ok}};
      if (!v.message.empty()) jv["message"] = v.message;
      j["versions"].push_back(std::move(jv));
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << ToString(diff.level) << " change";
    if (diff.level == ChangeLevel::kMajor)
      std::cout << ": something can now be flagged that was not";
    if (diff.level == ChangeLevel::kMinor) std::cout << ": it can only flag less";
    std::cout << "\n";
    for (const PolicyChange& c : diff.changes) {
      std::cout << "  " << ToString(c.level) << std::string(6 - ToString(c.level).size(), ' ')
                << c.subject << ": " << c.what << "\n";
    }
    for (const VersionCheck& v : diff.versions) {
      if (v.needed == ChangeLevel::kNone && v.ok) continue;
      std::cout << (v.ok ? "  ok      " : "  FAIL    ") << v.document << " "
                << (v.before.empty() ? "(no version)" : v.before) << " -> "
                << (v.after.empty() ? "(no version)" : v.after) << ": " << ToString(v.needed)
                << " change" << (v.ok ? "" : "; " + v.message) << "\n";
    }
  }
  return versions_ok ? kExitOk : kExitFailure;
}

}  // namespace

Command PolicyDiffCommand() {
  return {{"policy", "diff"},
          "classify a policy change as major, minor or patch, with the reasons",
          kDiffUsage,
          {PluginsOption(), {"format", "text|json", "output format (default: text)"}},
          &Diff};
}

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
          {PluginsOption(),
           {"policies", "PATH", "run the TESTS given against these policies (repeatable)"},
           {"junit", "FILE", "also write the results as JUnit XML to FILE"}},
          &Test};
}

}  // namespace bulwark::cli
