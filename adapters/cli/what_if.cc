#include "cli/what_if.h"

#include <fstream>
#include <iostream>
#include <map>

#include "bulwark/verdict_json.h"
#include "cli/capture_options.h"
#include "cli/commands.h"
#include "replay/capture_source.h"
#include "replay/verdict_diff.h"

namespace bulwark::cli {
namespace {

bool ValidFormat(const std::string& f) { return f == "text" || f == "markdown" || f == "json"; }

void PrintDiff(const replay::VerdictDiff& diff, const std::string& format) {
  if (format == "json") {
    std::cout << diff.ToJson().dump(2) << "\n";
  } else {
    // Markdown reads well as text too; the text form is the same without the heading marks.
    std::cout << diff.ToMarkdown();
  }
}

// Prints what the source skipped or could not read, as it happens.
class ReportingListener : public source::SourceListener {
 public:
  explicit ReportingListener(const Invocation& cmd) : cmd_(cmd) {}
  void OnAssigned(const std::vector<int32_t>&) override {}
  void OnRevoked(const std::vector<int32_t>&) override {}
  void OnSourceError(const std::string& message) override { cmd_.Warn(message); }

 private:
  const Invocation& cmd_;
};

}  // namespace

int ReplayWhatIf(const Invocation& cmd, const RuntimeSetup& setup,
                 replay::CaptureSourceOptions capture_options) {
  const ParsedArgs& args = cmd.args();
  const std::string format = args.Get("format", "text");
  if (!ValidFormat(format)) return cmd.UsageError("--format must be text, markdown or json");
  LoadOptions options = setup.load;
  options.paths.assign(args.All("baseline-policies").begin(), args.All("baseline-policies").end());
  std::vector<Diagnostic> diagnostics;
  auto baseline = PolicySet::Load(options, &diagnostics);
  for (const Diagnostic& d : diagnostics) std::cerr << d.ToString() << "\n";
  if (!baseline.ok()) return cmd.Failure("baseline policies: " + baseline.status().message());

  replay::VerdictDiff diff;
  diff.SetPolicySets((*baseline)->id(), setup.policies->id());
  replay::CaptureSource source(args.positional, std::move(capture_options));
  if (Status s = source.Prepare(); !s.ok()) return cmd.Failure(s.message());
  ReportingListener listener(cmd);
  source.SetListener(&listener);
  source::Envelope envelope;
  uint64_t events = 0;
  while (true) {
    const source::PollStatus status = source.Poll(100, &envelope);
    if (status == source::PollStatus::kEnd) break;
    if (status == source::PollStatus::kIdle) continue;
    ++events;
    if (!envelope.source_error.empty()) {  // reported by the listener
      diff.AddNotEvaluated();
      continue;
    }
    for (const graph::DecodedItem& item : setup.decoder->Decode(envelope.body).items) {
      if (item.kind != graph::DecodedItem::Kind::kContent) {
        diff.AddNotEvaluated();
        continue;
      }
      std::string key = item.info.id;
      if (auto it = item.content.metadata.find("message_id"); it != item.content.metadata.end()) {
        key += "#" + it->second;
      }
      diff.Add(key, VerdictToJson((*baseline)->Evaluate(item.content)),
               VerdictToJson(setup.policies->Evaluate(item.content)));
    }
  }
  PrintDiff(diff, format);
  std::cerr << cmd.name() << ": " << events << " events compared\n";
  return ReportCaptureReading(cmd, source) ? kExitOk : kExitFailure;
}

namespace {

// Reads a verdict file into key -> record (the later of two records with one key wins; lines
// that are not verdicts are skipped and counted).
bool ReadVerdicts(const std::string& path, std::map<std::string, nlohmann::json>* out,
                  uint64_t* skipped, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read '" + path + "'";
    return false;
  }
  std::string line;
  uint64_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      *error = path + ":" + std::to_string(n) + ": not JSON";
      return false;
    }
    if (j.value("schema", "") != "bulwark.verdict/v1") {
      ++*skipped;
      continue;
    }
    const std::string key = replay::VerdictKey(j);  // before the move below
    (*out)[key] = std::move(j);
  }
  return true;
}

int DiffVerdicts(const Invocation& cmd) {
  const ParsedArgs& args = cmd.args();
  const std::string format = args.Get("format", "text");
  if (!ValidFormat(format)) return cmd.UsageError("--format must be text, markdown or json");
  if (args.positional.size() != 2) return cmd.UsageError("give OLD.jsonl and NEW.jsonl");
  std::map<std::string, nlohmann::json> before;
  std::map<std::string, nlohmann::json> after;
  uint64_t skipped = 0;
  std::string error;
  if (!ReadVerdicts(args.positional[0], &before, &skipped, &error) ||
      !ReadVerdicts(args.positional[1], &after, &skipped, &error)) {
    return cmd.Failure(error);
  }
  replay::VerdictDiff diff;
  auto set_of = [](const std::map<std::string, nlohmann::json>& m) {
    return m.empty() ? std::string() : m.begin()->second.value("policy_set", "");
  };
  diff.SetPolicySets(set_of(before), set_of(after));
  for (const auto& [key, v] : before) {
    auto it = after.find(key);
    if (it == after.end()) {
      diff.AddOnlyBaseline(key);
    } else {
      diff.Add(key, v, it->second);
    }
  }
  for (const auto& [key, v] : after) {
    if (before.count(key) == 0) diff.AddOnlyCandidate(key);
  }
  for (uint64_t i = 0; i < skipped; ++i) diff.AddNotEvaluated();
  PrintDiff(diff, format);
  return kExitOk;
}

constexpr char kDiffUsage[] =
    "Usage: bulwark diff-verdicts [--format text|markdown|json] OLD.jsonl NEW.jsonl\n"
    "\n"
    "Compares two verdict files of the same notifications made at different times (or with\n"
    "different policies), paired by notification and message id: decisions changed by kind,\n"
    "matches gained and lost per rule, findings per detector, and a few notification ids for\n"
    "each change (never content). Records that are not verdicts are counted, not compared.\n"
    "\n";

}  // namespace

Command DiffVerdictsCommand() {
  return {{"diff-verdicts"},
          "compare two verdict files: decisions, rules and detectors that changed",
          kDiffUsage,
          {{"format", "text|markdown|json", "report format (default: text)"}},
          &DiffVerdicts};
}

}  // namespace bulwark::cli
