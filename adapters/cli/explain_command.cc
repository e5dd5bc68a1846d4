// bulwark explain: the decision trace of one input (PolicySet::Explain), as text or JSON.
#include <iostream>
#include <set>

#include "bulwark/engine.h"
#include "bulwark/explanation_json.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/plugin_options.h"
#include "cli/runtime_setup.h"
#include "cli/scan_input.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"policies", "PATH", "policy file or directory (repeatable; default: the shipped policies)"},
    PluginsOption(),
    {"key", "ID=KEY[,CERT]",
     "private key (and certificate) that decrypts a notification input (repeatable)"},
    {"format", "text|json", "output format (default: text)"},
    {"verbose", "",
     "text: also every rule that did not fire and every detector that found nothing"},
};

constexpr char kNoMatch[] = "the prefilter found no possible match";
constexpr char kNoSpan[] = "the prefilter fired but the pattern matched nothing";

// A detector worth showing without --verbose: it considered a candidate, or something other
// than "nothing there" happened (candidate cap, plugin failure).
bool Interesting(const DetectorTrace& d) {
  if (!d.candidates.empty()) return true;
  for (const std::string& n : d.notes) {
    if (n.find(kNoMatch) == std::string::npos && n.find(kNoSpan) == std::string::npos) return true;
  }
  return false;
}

constexpr char kUsage[] =
    "Usage: bulwark explain [OPTIONS] INPUT | -\n"
    "\n"
    "Shows why the policies decide what they decide about one input: each field and the\n"
    "normalizations applied, every candidate each detector considered and the step that\n"
    "accepted or rejected it (pattern, allowlist, validator, context and its distance, the\n"
    "confidence arithmetic, the candidate cap), every rule condition with its value, and each\n"
    "policy's scope. INPUT is plain text, a Teams chatMessage JSON, or a Graph change\n"
    "notification (decrypted with --key). Values are masked as in verdicts.\n"
    "\n";

// A notification collection or a single notification with encrypted content.
bool LooksLikeNotification(const std::string& bytes) {
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || bytes[first] != '{') return false;
  const nlohmann::json j = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return false;
  return (j.contains("value") && j["value"].is_array()) || j.contains("encryptedContent");
}

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool Mentions(const ConditionTrace& c, const std::set<std::string>& detectors) {
  if (c.kind == "detector") return detectors.count(c.detector) > 0;
  for (const ConditionTrace& child : c.children) {
    if (Mentions(child, detectors)) return true;
  }
  return false;
}

void PrintCondition(std::ostream& os, const ConditionTrace& c, int depth) {
  os << std::string(static_cast<size_t>(depth) * 2, ' ');
  if (c.kind == "detector") {
    os << c.detector << ": " << c.count << (c.distinct ? " distinct" : "")
       << " at confidence >= " << ToString(c.min_confidence) << ", needs " << c.min_count;
    if (c.best) os << " (best candidate: " << ToString(*c.best) << ")";
  } else {
    os << c.kind;
  }
  os << (c.held ? " -> holds" : " -> does not hold") << "\n";
  for (const ConditionTrace& child : c.children) PrintCondition(os, child, depth + 1);
}

void PrintCandidate(std::ostream& os, const CandidateTrace& c) {
  os << "    " << c.field << "[" << c.start << "," << c.end << "] " << c.masked;
  if (!c.normalizations.empty()) {
    os << " (after";
    for (const std::string& n : c.normalizations) os << " " << n;
    os << ")";
  }
  os << ": ";
  if (c.outcome == "accepted") {
    os << "accepted, " << ToString(c.confidence);
  } else {
    os << c.outcome << " - " << c.reason;
  }
  os << "\n";
  if (!c.confidence_steps.empty()) {
    os << "      confidence:";
    const char* sep = " ";
    for (const std::string& s : c.confidence_steps) {
      os << sep << s;
      sep = "; ";
    }
    os << "\n";
  }
  if (c.context_window != 0) {
    os << "      context: ";
    if (c.context_distance) {
      os << "nearest '" << c.context_keyword << "' " << *c.context_distance
         << " code points away, window " << c.context_window
         << (*c.context_distance <= c.context_window ? " (within)" : " (beyond)");
    } else {
      os << "no keyword in the field (window " << c.context_window << ")";
    }
    os << "\n";
  }
}

void PrintText(std::ostream& os, const Explanation& e, bool verbose) {
  std::string decision(ToString(e.verdict.decision));
  for (char& ch : decision) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  os << "decision: " << decision;
  if (e.verdict.simulated_decision != e.verdict.decision) {
    os << " (simulated: " << ToString(e.verdict.simulated_decision) << ")";
  }
  os << "  policy set " << e.verdict.policy_set << "\n\nfields\n";
  for (const FieldTrace& f : e.fields) {
    os << "  " << f.name << ": " << Plural(f.bytes, "byte", "bytes");
    if (f.repaired_utf8) os << ", invalid UTF-8 replaced";
    if (!f.normalizations.empty()) {
      os << "; also scanned normalized (";
      const char* sep = "";
      for (const std::string& n : f.normalizations) {
        os << sep << n;
        sep = ", ";
      }
      os << "; " << Plural(f.normalized_bytes, "byte", "bytes") << ")";
    }
    os << "\n";
  }

  std::set<std::string> shown;  // detectors with something to show
  for (const DetectorTrace& d : e.detectors) {
    if (d.used && (verbose || Interesting(d))) shown.insert(d.detector);
  }
  os << "\npolicies\n";
  for (const PolicyTrace& p : e.policies) {
    os << "  " << p.name << " (" << ToString(p.mode) << "): ";
    if (!p.in_scope) {
      os << "out of scope - " << p.scope << "\n";
      continue;
    }
    os << "in scope\n";
    size_t quiet = 0;  // rules that did not fire and whose detectors found nothing
    for (const RuleTrace& r : p.rules) {
      if (!verbose && !r.fired && !Mentions(r.when, shown)) {
        ++quiet;
        continue;
      }
      os << "    rule " << r.id << " -> " << ToString(r.action) << " (" << ToString(r.severity)
         << "): " << (r.fired ? "FIRED" : "did not fire") << "\n";
      PrintCondition(os, r.when, 3);
    }
    if (quiet > 0) {
      os << "    (" << Plural(quiet, "rule", "rules")
         << " did not fire: their detectors found no candidate)\n";
    }
    if (p.incomplete_action) {
      os << "    (incomplete) -> " << ToString(*p.incomplete_action)
         << ": a detector it uses could not examine everything (on_incomplete)\n";
    }
  }

  os << "\ndetectors\n";
  size_t silent = 0;
  size_t unused = 0;
  for (const DetectorTrace& d : e.detectors) {
    if (!d.used) {
      ++unused;
      continue;
    }
    if (shown.count(d.detector) == 0) {
      ++silent;
      continue;
    }
    os << "  " << d.detector;
    if (!d.validator.empty()) os << " [validator " << d.validator << "]";
    os << ": " << Plural(d.candidates.size(), "candidate", "candidates") << "\n";
    for (const std::string& n : d.notes) os << "    " << n << "\n";
    for (const CandidateTrace& c : d.candidates) PrintCandidate(os, c);
  }
  if (silent > 0) {
    os << "  (" << Plural(silent, "other detector", "other detectors")
       << " in use found no candidate; --verbose lists them)\n";
  }
  if (unused > 0) {
    os << "  (" << Plural(unused, "detector", "detectors")
       << " not run: no in-scope policy uses them)\n";
  }
  for (const std::string& w : e.verdict.warnings) os << "warning: " << w << "\n";
}

void Print(const Explanation& e, const std::string& format, bool verbose,
           const std::string& label) {
  if (format == "json") {
    nlohmann::ordered_json j = ExplanationToJson(e);
    if (!label.empty()) j["notification"] = label;
    std::cout << j.dump() << "\n";
    return;
  }
  if (!label.empty()) std::cout << "notification " << label << "\n";
  PrintText(std::cout, e, verbose);
}

}  // namespace

int Explain(const Invocation& cmd) {
  const ParsedArgs& args = cmd.args();
  const std::string format = args.Get("format", "text");
  const bool verbose = args.Has("verbose");
  if (format != "json" && format != "text") return cmd.UsageError("--format must be text or json");
  if (args.positional.size() != 1) return cmd.UsageError("give exactly one INPUT (or - for stdin)");

  const std::string& path = args.positional.front();
  std::string bytes;
  if (!ReadInput(path, &bytes)) return cmd.Failure("cannot read '" + path + "'");

  RuntimeConfig config;
  config.policies = args.All("policies");
  config.plugins = args.All("plugins");
  std::vector<std::string> warnings;
  auto setup =
      BuildRuntimeSetup(config, args.All("key"), cmd.argv0(), /*service=*/false, &warnings);
  // The key and clientState warnings concern notifications only.
  const bool notification = LooksLikeNotification(bytes);
  if (notification) {
    for (const std::string& w : warnings) cmd.Warn(w);
  }
  if (!setup.ok()) return cmd.Failure(setup.status().message());
  const PolicySet& policies = *(*setup)->policies;

  if (!notification) {
    Print(policies.Explain(ContentFromBytes(bytes).content), format, verbose, "");
    return kExitOk;
  }
  // A notification: each item decoded as the service would, then explained.
  const graph::DecodeResult decoded = (*setup)->decoder->Decode(bytes);
  int rc = kExitOk;
  for (const graph::DecodedItem& item : decoded.items) {
    const std::string label =
        item.info.id.empty() ? "#" + std::to_string(item.index) : item.info.id;
    switch (item.kind) {
      case graph::DecodedItem::Kind::kContent:
        Print(policies.Explain(item.content), format, verbose, label);
        break;
      case graph::DecodedItem::Kind::kNotScanned:
        std::cout << "notification " << label << ": not scanned (" << item.not_scanned << ")\n";
        break;
      case graph::DecodedItem::Kind::kLifecycle:
        std::cout << "notification " << label << ": lifecycle event " << item.info.lifecycle_event
                  << "\n";
        break;
      case graph::DecodedItem::Kind::kDeadLetter:
        cmd.Warn("notification " + label + " cannot be explained: " +
                 std::string(graph::ToString(item.reason)) + " (" + item.detail + ")");
        rc = kExitFailure;
        break;
    }
  }
  return rc;
}

Command ExplainCommand() {
  return {{"explain"},
          "show why the policies flag (or do not flag) one input: the decision trace",
          kUsage,
          kOptions,
          &Explain};
}

}  // namespace bulwark::cli
