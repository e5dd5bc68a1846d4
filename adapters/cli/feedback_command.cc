// bulwark feedback report FILES...: what senders did about Bulwark's decisions, per rule.
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/feedback_report.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"format", "FMT", "text (default) or json"},
};

constexpr char kUsage[] =
    "Usage: bulwark feedback report [--format text|json] FILE...\n"
    "\n"
    "Reads verdict and feedback records (JSON Lines from run or replay; '-' is stdin) and prints,\n"
    "per rule, the messages it flagged (blocked, notified), how many senders overrode it or\n"
    "reported a false positive, and its false-positive rate. A message counts once per rule.\n"
    "\n";

int Report(const Invocation& cmd) {
  const ParsedArgs& args = cmd.args();
  const std::string format = args.Get("format", "text");
  if (format != "text" && format != "json") return cmd.UsageError("--format is text or json");
  if (args.positional.empty()) return cmd.UsageError("no input files");
  FeedbackReport report;
  for (const std::string& path : args.positional) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
      file.open(path);
      if (!file) return cmd.Failure("cannot read " + path);
      in = &file;
    }
    for (std::string line; std::getline(*in, line);) report.Add(line);
  }
  if (report.invalid() > 0) {
    cmd.Warn(std::to_string(report.invalid()) + " lines are not JSON records; skipped");
  }
  if (format == "json") {
    std::cout << report.Json().dump(2) << "\n";
  } else {
    std::cout << report.Text();
  }
  return kExitOk;
}

}  // namespace

Command FeedbackReportCommand() {
  return {{"feedback", "report"},
          "per-rule overrides, false-positive reports and rates from feedback records",
          kUsage,
          kOptions,
          Report};
}

}  // namespace bulwark::cli
