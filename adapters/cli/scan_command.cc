// bulwark scan: evaluate files or stdin against the policies and print one verdict per input.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bulwark/engine.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/plugin_options.h"
#include "cli/policy_paths.h"
#include "cli/scan_input.h"
#include "sinks/verdict_record.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"policies", "PATH", "policy file or directory (repeatable; default: the shipped policies)"},
    {"format", "json|text", "output format (default: json, one verdict per line)"},
    {"simulate", "", "report every policy as simulate: compute actions, enforce none"},
    {"fail-on", "ACTION", "exit 3 when any decision is at least ACTION (audit|notify|block)"},
    PluginsOption(),
};

constexpr char kUsage[] =
    "Usage: bulwark scan [OPTIONS] FILE|DIR... | -\n"
    "\n"
    "Evaluates each input against the policies and prints one verdict per input. An input is\n"
    "plain text or a Teams chatMessage JSON (recognised by its body.content). '-' reads stdin;\n"
    "a directory stands for every file under it (recursively, in name order; none is an error).\n"
    "Set BULWARK_FINGERPRINT_KEY to add keyed fingerprints (HMAC-SHA256) to evidence.\n"
    "\n";

void PrintText(const std::string& path, const Verdict& v) {
  std::string decision(ToString(v.decision));
  for (char& c : decision) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::cout << path << ": " << decision;
  if (v.simulated_decision != v.decision) {
    std::cout << " (simulated: " << ToString(v.simulated_decision) << ")";
  }
  std::cout << "\n";
  for (const Match& m : v.matches) {
    std::cout << "  " << m.policy << "/" << m.rule << "  action=" << ToString(m.action)
              << " severity=" << ToString(m.severity)
              << (m.mode == PolicyMode::kSimulate ? " (simulated)" : "") << "\n";
    for (const Finding& f : m.findings) {
      std::cout << "    " << f.detector << " x" << f.count << " (" << ToString(f.confidence) << ")";
      const char* sep = ": ";
      for (const Evidence& e : f.evidence) {
        std::cout << sep << e.field << "[" << e.start << "," << e.end << "] " << e.masked;
        sep = ", ";
      }
      std::cout << "\n";
    }
    if (!m.tip.empty()) std::cout << "    tip: " << m.tip << "\n";
  }
  for (const std::string& w : v.warnings) std::cout << "  warning: " << w << "\n";
}

// The inputs the arguments name: files as given, directories as the regular files under them
// (sorted). False, with the reason printed, when a directory holds no file or cannot be read.
bool ExpandInputs(const std::vector<std::string>& args, std::vector<std::string>* out) {
  namespace fs = std::filesystem;
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-" || !fs::is_directory(arg, ec)) {
      out->push_back(arg);
      continue;
    }
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      if (it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    if (ec) {
      std::cerr << "bulwark scan: cannot read directory '" << arg << "': " << ec.message() << "\n";
      return false;
    }
    if (files.empty()) {
      std::cerr << "bulwark scan: directory '" << arg << "' holds no file to scan\n";
      return false;
    }
    std::sort(files.begin(), files.end());
    out->insert(out->end(), files.begin(), files.end());
  }
  return true;
}

}  // namespace

int Scan(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  const std::string format = args->Get("format", "json");
  if (format != "json" && format != "text") {
    std::cerr << "bulwark scan: --format must be json or text\n";
    return kExitUsage;
  }
  std::optional<Action> fail_on;
  if (args->Has("fail-on")) {
    fail_on = ParseAction(args->Get("fail-on"));
    if (!fail_on || *fail_on == Action::kAllow) {
      std::cerr << "bulwark scan: --fail-on must be audit, notify or block\n";
      return kExitUsage;
    }
  }
  if (args->positional.empty()) {
    std::cerr
        << "bulwark scan: no input (give FILE... or - for stdin)\nTry 'bulwark scan --help'.\n";
    return kExitUsage;
  }

  LoadOptions options;
  options.paths = PolicyPathsOrDefault(args->All("policies"), cmd.argv0());
  options.database_cache_dir = DefaultDatabaseCacheDir();
  options.force_simulate = args->Has("simulate");
  options.plugins = LoadPlugins(*args, cmd.argv0(), "bulwark scan");
  if (!options.plugins) return kExitFailure;
  if (const char* key = std::getenv("BULWARK_FINGERPRINT_KEY"); key != nullptr) {
    options.fingerprint_key = key;
  }
  std::vector<Diagnostic> diagnostics;
  auto set = PolicySet::Load(options, &diagnostics);
  for (const Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
  if (!set.ok()) {
    std::cerr << "bulwark scan: " << set.status().message() << "\n";
    return kExitFailure;
  }

  std::vector<std::string> inputs;
  if (!ExpandInputs(args->positional, &inputs)) return kExitFailure;
  int exit_code = kExitOk;
  bool threshold_hit = false;
  for (const std::string& path : inputs) {
    std::string bytes;
    if (!ReadInput(path, &bytes)) {
      std::cerr << "bulwark scan: cannot read '" << path << "'\n";
      exit_code = kExitFailure;
      continue;
    }
    ScanInput input = ContentFromBytes(bytes);
    const Verdict verdict = (*set)->Evaluate(input.content);
    if (fail_on && verdict.decision >= *fail_on) threshold_hit = true;
    if (format == "text") {
      PrintText(path, verdict);
    } else {
      nlohmann::ordered_json context;
      context["source"] = {{"kind", path == "-" ? "stdin" : "file"}};
      if (path != "-") context["source"]["path"] = path;
      context["resource"] = input.resource;
      std::cout << sinks::MakeVerdictRecord(verdict, context) << "\n";
    }
  }
  std::cout.flush();
  // The plugins' own reasons, for the author who scanned their own files (never in verdicts).
  for (const PolicySet::PluginDetectorStats& p : (*set)->PluginStats()) {
    if (p.errors == 0) continue;
    cmd.Warn("plugin detector '" + p.detector + "' (" + p.plugin + ") failed " +
             std::to_string(p.errors) + (p.errors == 1 ? " time" : " times") +
             (p.quarantined ? " and was quarantined" : "") + "; last error: " + p.last_error);
  }
  if (exit_code == kExitOk && threshold_hit) return 3;
  return exit_code;
}

Command ScanCommand() {
  return {{"scan"},
          "evaluate text files, chatMessage JSON or stdin against the policies",
          kUsage,
          kOptions,
          &Scan};
}

}  // namespace bulwark::cli
