#include "cli/capture_options.h"

#include <cstdlib>

#include "bulwark/parse_number.h"
#include "source/utc_time.h"

namespace bulwark::cli {

const std::vector<OptionSpec> kCaptureOptions = {
    {"from", "TIME", "only events enqueued at or after TIME (ISO 8601, UTC unless zoned)"},
    {"to", "TIME", "only events enqueued before TIME"},
    {"partition", "N", "only partition N (repeatable)"},
    {"storage-key-env", "VAR",
     "Blob Storage inputs: variable holding the account key (default: AZURE_STORAGE_KEY)"},
    {"storage-sas-env", "VAR",
     "Blob Storage inputs: variable holding a SAS token (default: AZURE_STORAGE_SAS_TOKEN)"},
    {"ca-bundle", "FILE", "Blob Storage inputs: trusted CAs (PEM; default: the system's)"},
    {"list-page-size", "N", "Blob Storage inputs: blobs per listing request (default: 5000)"},
};

namespace {

constexpr char kDefaultKeyEnv[] = "AZURE_STORAGE_KEY";
constexpr char kDefaultSasEnv[] = "AZURE_STORAGE_SAS_TOKEN";

std::string Env(const std::string& var) {
  const char* v = std::getenv(var.c_str());
  return v == nullptr ? "" : v;
}

// The credential: the variable an option names (which must then be set), else whichever of the
// default variables is set (the key when both are).
Status ReadCredential(const ParsedArgs& args, replay::CaptureSourceOptions* out) {
  for (const char* option : {"storage-key-env", "storage-sas-env"}) {
    if (!args.Has(option)) continue;
    const std::string var = args.Get(option);
    std::string value = Env(var);
    if (value.empty()) {
      return Status::InvalidArgument("--" + std::string(option) + ": " + var +
                                     " (the storage account's credential) is not set");
    }
    (std::string(option) == "storage-key-env" ? out->storage_key : out->storage_sas) =
        std::move(value);
    return Status::Ok();
  }
  out->storage_key = Env(kDefaultKeyEnv);
  if (out->storage_key.empty()) out->storage_sas = Env(kDefaultSasEnv);
  if (out->storage_key.empty() && out->storage_sas.empty()) {
    return Status::InvalidArgument(
        std::string("a Blob Storage input needs a credential: set ") + kDefaultKeyEnv +
        " (the account key) or " + kDefaultSasEnv +
        " (a SAS token with read and list permissions), or name the variable with "
        "--storage-key-env / --storage-sas-env");
  }
  return Status::Ok();
}

}  // namespace

Result<replay::CaptureSourceOptions> CaptureOptionsFromArgs(const ParsedArgs& args) {
  replay::CaptureSourceOptions out;
  for (const char* option : {"from", "to"}) {
    if (!args.Has(option)) continue;
    auto ms = source::ParseUtcMillis(args.Get(option));
    if (!ms) {
      return Status::InvalidArgument("--" + std::string(option) +
                                     " must be an ISO 8601 time, like 2026-11-20T10:00:00Z");
    }
    (std::string(option) == "from" ? out.filter.from_ms : out.filter.to_ms) = ms;
  }
  if (out.filter.from_ms && out.filter.to_ms && *out.filter.to_ms <= *out.filter.from_ms) {
    return Status::InvalidArgument("--to must be later than --from");
  }
  for (const std::string& p : args.All("partition")) {
    auto n = ParseInteger<int32_t>(p, 0, 1 << 20);
    if (!n) return Status::InvalidArgument("--partition must be a partition number, not " + p);
    out.filter.partitions.insert(*n);
  }
  if (args.Has("list-page-size")) {
    auto n = ParseInteger<int>(args.Get("list-page-size"), 1, 5000);
    if (!n) return Status::InvalidArgument("--list-page-size must be an integer from 1 to 5000");
    out.list_page_size = *n;
  }
  out.ca_bundle = args.Get("ca-bundle");
  bool blob_input = false;
  for (const std::string& input : args.positional) {
    blob_input = blob_input || replay::LooksLikeBlobUrl(input);
  }
  if (blob_input) {
    if (Status s = ReadCredential(args, &out); !s.ok()) return s;
  }
  return out;
}

bool ReportCaptureReading(const Invocation& cmd, const replay::CaptureSource& source) {
  if (source.files_skipped() > 0) {
    cmd.Warn(std::to_string(source.files_skipped()) +
             " capture file(s) skipped: their Capture path is outside --from/--to/--partition");
  }
  if (source.events_outside() > 0) {
    cmd.Warn(std::to_string(source.events_outside()) +
             " event(s) left out: enqueued outside --from/--to or in another partition");
  }
  if (source.events_unknown() > 0) {
    cmd.Warn(std::to_string(source.events_unknown()) +
             " event(s) left out: they carry no enqueued time or partition to filter on "
             "(JSON Lines without them; give no --from/--to/--partition to read them)");
  }
  if (source.open_failures() > 0) {
    cmd.Warn(std::to_string(source.open_failures()) + " capture input(s) could not be read");
  }
  if (source.damaged() > 0) {
    cmd.Warn(std::to_string(source.damaged()) +
             " damaged block(s) or line(s), each a dead-letter record");
  }
  return source.open_failures() == 0 && source.damaged() == 0;
}

}  // namespace bulwark::cli
