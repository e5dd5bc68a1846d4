// bulwark replay: process captured notifications offline, on every core, in input order.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/runtime_config.h"
#include "cli/runtime_setup.h"
#include "cli/summary.h"
#include "pipeline/envelope_processor.h"
#include "replay/capture_reader.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"config", "FILE", "runtime config (policies, keys, client_state_env, tenants, ...)"},
    {"policies", "PATH", "policy file or directory (repeatable; default: config or shipped)"},
    {"key", "ID=KEY[,CERT]", "private key for encryptionCertificateId ID (repeatable)"},
    {"tenant", "ID", "accept only these tenant ids (repeatable)"},
    {"out", "FILE", "verdict and lifecycle records (default: stdout)"},
    {"dead-letter", "FILE", "dead-letter records (default: with the verdicts)"},
    {"threads", "N", "worker threads (default: the number of cores)"},
};

constexpr char kUsage[] =
    "Usage: bulwark replay [OPTIONS] CAPTURE...\n"
    "\n"
    "Decodes, verifies, decrypts and evaluates captured Graph change notifications: JSON Lines,\n"
    "one Event Hubs event body per line, or {\"partition\",\"offset\",\"enqueued_time\",\"body\"}\n"
    "wrappers. Writes one record per notification in input order (verdict, lifecycle or dead\n"
    "letter) and a summary on stderr. clientState is read from $BULWARK_CLIENT_STATE (or the\n"
    "variable the config names); when unset it is not checked.\n"
    "\n";

constexpr size_t kBatch = 512;

struct Writer {
  std::ostream* out;
  std::ostream* dead;
  void Write(const pipeline::ProcessedEnvelope& p) {
    for (const auto& r : p.records) {
      std::ostream& o = r.kind == pipeline::OutputRecord::Kind::kDeadLetter ? *dead : *out;
      o << r.json << '\n';
    }
  }
};

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

}  // namespace

int ReplayCommand(int argc, char** argv, int first) {
  auto args = ParseArgs(argc, argv, first, kOptions);
  if (!args.ok()) {
    std::cerr << "bulwark replay: " << args.status().message()
              << "\nTry 'bulwark replay --help'.\n";
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::cout << kUsage << FormatOptions(kOptions);
    return kExitOk;
  }
  if (args->positional.empty()) {
    std::cerr << "bulwark replay: no capture given\nTry 'bulwark replay --help'.\n";
    return kExitUsage;
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (args->Has("threads")) {
    const int n = std::atoi(args->Get("threads").c_str());
    if (n < 1 || n > 256) {
      std::cerr << "bulwark replay: --threads must be 1..256\n";
      return kExitUsage;
    }
    threads = static_cast<unsigned>(n);
  }

  RuntimeConfig config;
  if (args->Has("config")) {
    if (Status s = LoadRuntimeConfig(args->Get("config"), &config); !s.ok()) {
      std::cerr << "bulwark replay: " << s.message() << "\n";
      return kExitFailure;
    }
  }
  for (const std::string& p : args->All("policies")) config.policies.push_back(p);
  for (const std::string& t : args->All("tenant")) config.tenants.insert(t);

  std::vector<std::string> warnings;
  auto setup = BuildRuntimeSetup(config, args->All("key"), argv[0], &warnings);
  for (const std::string& w : warnings) std::cerr << "bulwark replay: warning: " << w << "\n";
  if (!setup.ok()) {
    std::cerr << "bulwark replay: " << setup.status().message() << "\n";
    return kExitFailure;
  }
  const pipeline::EnvelopeProcessor processor((*setup)->decoder.get(), (*setup)->policies);

  std::ofstream out_file;
  std::ofstream dead_file;
  Writer writer{&std::cout, &std::cout};
  if (args->Has("out")) {
    out_file.open(args->Get("out"), std::ios::trunc);
    if (!out_file) {
      std::cerr << "bulwark replay: cannot write " << args->Get("out") << "\n";
      return kExitFailure;
    }
    writer.out = &out_file;
    writer.dead = &out_file;
  }
  if (args->Has("dead-letter")) {
    dead_file.open(args->Get("dead-letter"), std::ios::trunc);
    if (!dead_file) {
      std::cerr << "bulwark replay: cannot write " << args->Get("dead-letter") << "\n";
      return kExitFailure;
    }
    writer.dead = &dead_file;
  }

  const bool progress = isatty(STDERR_FILENO) != 0;
  uint64_t total_bytes = 0;
  for (const std::string& path : args->positional) {
    std::error_code ec;
    if (path != "-") total_bytes += std::filesystem::file_size(path, ec);
  }
  uint64_t done_bytes = 0;  // of finished captures
  uint64_t current_bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  pipeline::Tally tally;
  int exit_code = kExitOk;
  std::vector<graph::Envelope> batch;
  std::vector<pipeline::ProcessedEnvelope> results;
  auto flush = [&] {
    results.assign(batch.size(), {});
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < batch.size(); i = next++)
        results[i] = processor.Process(batch[i]);
    };
    std::vector<std::thread> pool;
    const unsigned n = std::min<unsigned>(threads, static_cast<unsigned>(batch.size()));
    for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (const auto& r : results) {
      writer.Write(r);
      tally.Add(r.tally);
    }
    batch.clear();
    if (progress) Progress(done_bytes + current_bytes, total_bytes, tally.events, elapsed(), false);
  };
  for (const std::string& path : args->positional) {
    replay::CaptureReader reader;
    if (Status s = reader.Open(path); !s.ok()) {
      std::cerr << "bulwark replay: " << s.message() << "\n";
      exit_code = kExitFailure;
      continue;
    }
    graph::Envelope e;
    while (reader.Next(&e)) {
      batch.push_back(std::move(e));
      current_bytes = reader.bytes_read();
      if (batch.size() == kBatch) flush();
    }
    done_bytes += reader.bytes_read();
    current_bytes = 0;
  }
  if (!batch.empty()) flush();
  if (progress) Progress(done_bytes, total_bytes, tally.events, elapsed(), true);
  std::cout.flush();
  PrintSummary("replay", tally, elapsed());
  return exit_code;
}

}  // namespace bulwark::cli
