// bulwark replay: process captured notifications offline, on every core, in input order.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "cli/capture_options.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/runtime_config.h"
#include "cli/runtime_setup.h"
#include "cli/summary.h"
#include "cli/what_if.h"
#include "pipeline/runner.h"
#include "replay/capture_source.h"
#include "sinks/sink.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kReplayOptions = {
    {"config", "FILE", "runtime config (policies, keys, client_state_env, tenants, ...)"},
    {"policies", "PATH", "policy file or directory (repeatable; replaces the config's policies)"},
    {"key", "ID=KEY[,CERT]", "private key for encryptionCertificateId ID (repeatable)"},
    {"tenant", "ID", "accept only these tenant ids (repeatable)"},
    {"out", "FILE", "verdict and lifecycle records (default: stdout)"},
    {"dead-letter", "FILE", "dead-letter records (default: with the verdicts)"},
    {"threads", "N", "worker threads (default: the number of cores)"},
    {"baseline-policies", "PATH",
     "what-if: also evaluate against these policies (repeatable) and report the difference "
     "instead of writing verdicts"},
    {"format", "text|markdown|json", "what-if report format (default: text)"},
};

std::vector<OptionSpec> Options() {
  std::vector<OptionSpec> all = kReplayOptions;
  all.insert(all.end(), kCaptureOptions.begin(), kCaptureOptions.end());
  return all;
}

constexpr char kUsage[] =
    "Usage: bulwark replay [OPTIONS] CAPTURE...\n"
    "\n"
    "Decodes, verifies, decrypts and evaluates captured Graph change notifications. A CAPTURE\n"
    "is a file, a directory (every file under it, in path order: the Event Hubs Capture layout\n"
    "{Namespace}/{EventHub}/{Partition}/{Y}/{M}/{D}/{h}/{m}/{s}), \"-\" for stdin, or a Blob\n"
    "Storage container and prefix (https://ACCOUNT.blob.core.windows.net/CONTAINER/PREFIX or\n"
    "abfss://CONTAINER@ACCOUNT.dfs.core.windows.net/PREFIX), listed and read in ranges. Files\n"
    "are recognised by content: Event Hubs Capture Avro files (null or deflate codec), or JSON\n"
    "Lines whose lines are event bodies, {\"partition\",\"offset\",\"enqueued_time\",\"body\"}\n"
    "wrappers (kcat -f alike), kcat -J records or Capture records as JSON.\n"
    "\n"
    "--from/--to/--partition skip Capture files by their path before reading them, then events\n"
    "by their enqueued time and partition. Writes one record per notification in input order\n"
    "(verdict, lifecycle or dead letter; a damaged Avro block or an unreadable line is a dead\n"
    "letter naming the file and byte offset or line) and a summary on stderr; exits 1 when an\n"
    "input could not be read whole. clientState is read from $BULWARK_CLIENT_STATE (or the\n"
    "variable the config names); when unset it is not checked.\n"
    "\n"
    "What-if: with --baseline-policies OLD, each notification is decrypted once and evaluated\n"
    "against OLD and against the policies (--policies NEW, else the config's); the report says\n"
    "which decisions change (allow->block, ...), matches gained and lost per rule, findings per\n"
    "detector, and a few notification ids for each change (never content).\n"
    "\n";

// "[=========>          ]  45%  12345 events  3456 events/s" on one refreshed line. Without a
// known total (stdin) the bar is left out.
void Progress(uint64_t bytes, uint64_t total, uint64_t events, double seconds, bool done) {
  constexpr int kWidth = 30;
  const double rate = seconds > 0 ? static_cast<double>(events) / seconds : 0;
  std::string line = "\r";
  if (total > 0) {
    const double f = std::min(1.0, static_cast<double>(bytes) / static_cast<double>(total));
    const int filled = static_cast<int>(f * kWidth);
    line +=
        "[" + std::string(static_cast<size_t>(filled), '=') +
        (filled < kWidth ? ">" + std::string(static_cast<size_t>(kWidth - filled - 1), ' ') : "") +
        "] " + std::to_string(static_cast<int>(f * 100)) + "%  ";
  }
  line += std::to_string(events) + " events  " + std::to_string(static_cast<uint64_t>(rate)) +
          " events/s";
  std::cerr << line << (done ? "\n" : "") << std::flush;
}

// Reports unreadable captures on stderr and, on a terminal, keeps the progress line current.
class ReplayProgress : public pipeline::RunObserver {
 public:
  ReplayProgress(const replay::CaptureSource* source, bool show)
      : source_(source), show_(show), started_(std::chrono::steady_clock::now()) {}

  void OnSourceError(const std::string& message) override {
    std::cerr << (show_ ? "\n" : "") << "bulwark replay: " << message << "\n";
  }
  void OnAccepted(const pipeline::Tally& batch, const std::vector<double>&,
                  const std::vector<double>&) override {
    events_ += batch.events;
    if (show_) Progress(source_->bytes_read(), total(), events_, elapsed(), false);
  }
  void Finish(const pipeline::Tally& t) const {
    if (show_) Progress(source_->bytes_read(), total(), t.events, elapsed(), true);
  }
  // The bytes of every input, once every Blob listing is complete (0: unknown).
  uint64_t total() const { return source_->total_known() ? source_->total_bytes() : 0; }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }

 private:
  const replay::CaptureSource* source_;
  const bool show_;
  const std::chrono::steady_clock::time_point started_;
  uint64_t events_ = 0;  // sink writer thread only
};

// --out takes every record kind unless --dead-letter names a file of its own; stdout takes
// what no file does. Files are truncated and opened before anything is processed.
Result<std::vector<sinks::SinkRoute>> ReplaySinks(const ParsedArgs& args) {
  std::vector<sinks::SinkRoute> routes;
  const std::string out = args.Get("out", "-");
  std::set<sinks::RecordKind> out_kinds = sinks::kAllRecordKinds;
  if (args.Has("dead-letter")) {
    auto dead = sinks::OpenJsonlSink({args.Get("dead-letter"), false, /*truncate=*/true});
    if (!dead.ok()) return dead.status();
    routes.push_back({std::move(dead).value(), {sinks::RecordKind::kDeadLetter}});
    out_kinds.erase(sinks::RecordKind::kDeadLetter);
  }
  auto main = sinks::OpenJsonlSink({out, false, /*truncate=*/true});
  if (!main.ok()) return main.status();
  routes.insert(routes.begin(), {std::move(main).value(), out_kinds});
  return routes;
}

}  // namespace

int Replay(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  if (args->positional.empty()) {
    std::cerr << "bulwark replay: no capture given\nTry 'bulwark replay --help'.\n";
    return kExitUsage;
  }
  const std::optional<unsigned> threads =
      cmd.Integer("threads", std::max(1u, std::thread::hardware_concurrency()), 1u, 256u);
  if (!threads) return kExitUsage;

  RuntimeConfig config;
  if (args->Has("config")) {
    if (Status s = LoadRuntimeConfig(args->Get("config"), &config); !s.ok()) {
      std::cerr << "bulwark replay: " << s.message() << "\n";
      return kExitFailure;
    }
  }
  // --policies replaces the config's list (neither: the shipped policies).
  if (args->Has("policies")) config.policies = args->All("policies");
  for (const std::string& t : args->All("tenant")) config.tenants.insert(t);

  std::vector<std::string> warnings;
  auto setup =
      BuildRuntimeSetup(config, args->All("key"), cmd.argv0(), /*service=*/false, &warnings);
  for (const std::string& w : warnings) std::cerr << "bulwark replay: warning: " << w << "\n";
  if (!setup.ok()) {
    std::cerr << "bulwark replay: " << setup.status().message() << "\n";
    return kExitFailure;
  }
  auto capture_options = CaptureOptionsFromArgs(*args);
  if (!capture_options.ok()) return cmd.UsageError(capture_options.status().message());
  if (args->Has("baseline-policies")) return ReplayWhatIf(cmd, **setup, *capture_options);
  auto routes = ReplaySinks(*args);
  if (!routes.ok()) {
    std::cerr << "bulwark replay: " << routes.status().message() << "\n";
    return kExitFailure;
  }

  replay::CaptureSource source(args->positional, std::move(capture_options).value());
  if (Status s = source.Prepare(); !s.ok()) return cmd.Failure(s.message());
  ReplayProgress progress(&source, isatty(STDERR_FILENO) != 0);
  pipeline::RunnerOptions options;
  options.workers = *threads;
  options.preserve_order = true;
  options.feedback = (*setup)->feedback;
  options.on_sink_failure = pipeline::SinkFailureMode::kStop;
  std::shared_ptr<const PolicySet> policies = (*setup)->policies;
  pipeline::PipelineRunner runner(
      options, &source, (*setup)->decoder.get(), [&policies] { return policies; },
      std::move(routes).value(), &progress);
  const pipeline::RunResult result = runner.Run();
  progress.Finish(result.tally);
  std::cout.flush();
  PrintSummary("replay", result.tally, progress.elapsed());
  const bool whole = ReportCaptureReading(cmd, source);
  if (!result.error.ok()) {
    std::cerr << "bulwark replay: " << result.error.message()
              << "; the records after the last accepted batch were not written\n";
    return kExitFailure;
  }
  return whole ? kExitOk : kExitFailure;
}

Command ReplayCommand() {
  return {{"replay"},
          "decode, decrypt and evaluate captured Graph change notifications",
          kUsage,
          Options(),
          &Replay};
}

}  // namespace bulwark::cli
