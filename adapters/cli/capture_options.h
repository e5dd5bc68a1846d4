// The options `bulwark replay` (and its what-if) choose captures with: the time window, the
// partitions, and the credential of Blob Storage inputs; and the report of what was left out.
#ifndef BULWARK_ADAPTERS_CLI_CAPTURE_OPTIONS_H_
#define BULWARK_ADAPTERS_CLI_CAPTURE_OPTIONS_H_

#include <vector>

#include "bulwark/status.h"
#include "cli/args.h"
#include "cli/command.h"
#include "replay/capture_source.h"

namespace bulwark::cli {

extern const std::vector<OptionSpec> kCaptureOptions;

// The source options from --from/--to/--partition/--storage-*-env/--ca-bundle/--list-page-size.
// InvalidArgument naming the option (or the unset variable); the credential is read only when
// an input is a Blob Storage location.
Result<replay::CaptureSourceOptions> CaptureOptionsFromArgs(const ParsedArgs& args);

// Warnings on stderr for what the filter left out and what could not be read; true when every
// input was read whole (no open failure, no damaged block or line).
bool ReportCaptureReading(const Invocation& cmd, const replay::CaptureSource& source);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_CAPTURE_OPTIONS_H_
