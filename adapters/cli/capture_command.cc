// bulwark capture export: write captured events as Event Hubs Capture Avro files, in the
// Capture path layout, for tests and for moving captures between tools.
#include <iostream>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "replay/capture_reader.h"
#include "replay/capture_writer.h"
#include "source/utc_time.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"out", "DIR", "output directory (required); existing files are never overwritten"},
    {"namespace", "NS", "the layout's {Namespace} (default: bulwark)"},
    {"eventhub", "HUB", "the layout's {EventHub} (default: notifications)"},
    {"codec", "null|deflate", "Avro block codec (default: deflate, as Capture writes)"},
    {"window-seconds", "N", "time window of one file (default: 300, Capture's default)"},
    {"block-events", "N", "end an Avro block after N events (default: when 24 MiB are full)"},
    {"time", "ISO8601", "enqueued time of events that carry none (default: refuse them)"},
};

constexpr char kUsage[] =
    "Usage: bulwark capture export --out DIR [OPTIONS] CAPTURE...\n"
    "\n"
    "Reads captures (anything `bulwark replay` reads from files: JSON Lines in its shapes, or\n"
    "Capture Avro files) and writes their events as Event Hubs Capture does: Avro files of\n"
    "EventData records, one per partition and time window, at\n"
    "DIR/{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}.avro\n"
    "An event keeps its partition (else 0), offset and sequence number (else the partition's\n"
    "next) and enqueued time (else its timestamp, else --time). An event that cannot be\n"
    "exported is reported with its file and line, and the exit status is 1.\n"
    "\n";

std::string Position(const source::Envelope& e) {
  return e.file + (e.line > 0 ? ":" + std::to_string(e.line) : "") +
         (e.record > 0 ? " record " + std::to_string(e.record) : "");
}

}  // namespace

int CaptureExport(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  if (!args->Has("out") || args->positional.empty()) {
    return cmd.UsageError("give --out DIR and at least one capture");
  }
  replay::CaptureWriterOptions options;
  options.out_dir = args->Get("out");
  options.namespace_name = args->Get("namespace", options.namespace_name);
  options.eventhub = args->Get("eventhub", options.eventhub);
  options.codec = args->Get("codec", options.codec);
  const std::optional<int64_t> window = cmd.Integer<int64_t>("window-seconds", 300, 1, 86400);
  const std::optional<size_t> block = cmd.Integer<size_t>("block-events", 0, 0, 1u << 30);
  if (!window || !block) return kExitUsage;
  options.window_ms = *window * 1000;
  options.block_events = *block;
  if (args->Has("time")) {
    options.default_time_ms = source::ParseUtcMillis(args->Get("time"));
    if (!options.default_time_ms) return cmd.UsageError("--time must be an ISO 8601 time");
  }
  for (const std::string* part : {&options.namespace_name, &options.eventhub}) {
    if (part->empty() || part->find('/') != std::string::npos || *part == "." || *part == "..") {
      return cmd.UsageError("--namespace and --eventhub must be single path components");
    }
  }
  replay::CaptureWriter writer(options);
  if (Status s = writer.Init(); !s.ok()) return cmd.UsageError(s.message());

  uint64_t written = 0, refused = 0;
  for (const std::string& path : args->positional) {
    replay::CaptureReader reader;
    if (Status s = reader.Open(path); !s.ok()) {
      cmd.Failure(s.message());
      ++refused;
      continue;
    }
    source::Envelope e;
    while (reader.Next(&e)) {
      if (!e.source_error.empty()) {
        cmd.Failure(e.source_error + ": " + e.source_error_detail);
        ++refused;
        continue;
      }
      Status s = writer.Append(e);
      if (s.code() == StatusCode::kInvalidArgument) {
        cmd.Failure(Position(e) + ": " + s.message());
        ++refused;
        continue;
      }
      if (!s.ok()) {
        (void)writer.Close();
        return cmd.Failure(s.message());
      }
      ++written;
    }
  }
  if (Status s = writer.Close(); !s.ok()) return cmd.Failure(s.message());
  std::cerr << "exported " << written << " events into " << writer.files().size() << " files under "
            << options.out_dir;
  if (refused > 0) std::cerr << "; " << refused << " not exported (see above)";
  std::cerr << "\n";
  return refused > 0 ? kExitFailure : kExitOk;
}

Command CaptureExportCommand() {
  return {{"capture", "export"},
          "write captures as Event Hubs Capture Avro files in the Capture layout",
          kUsage,
          kOptions,
          &CaptureExport};
}

}  // namespace bulwark::cli
