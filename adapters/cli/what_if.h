// What-if over captured traffic: `bulwark replay --baseline-policies OLD --policies NEW` and
// `bulwark diff-verdicts OLD.jsonl NEW.jsonl`, both reported as a replay::VerdictDiff.
#ifndef BULWARK_ADAPTERS_CLI_WHAT_IF_H_
#define BULWARK_ADAPTERS_CLI_WHAT_IF_H_

#include <string>

#include "cli/command.h"
#include "cli/runtime_setup.h"
#include "replay/capture_source.h"

namespace bulwark::cli {

// Decodes each notification of the captures once and evaluates it against the baseline
// policies (--baseline-policies, loaded like setup's) and setup's policies; prints the
// difference in --format text|markdown|json. Returns the exit code (1 when a capture could not
// be read whole).
int ReplayWhatIf(const Invocation& cmd, const RuntimeSetup& setup,
                 replay::CaptureSourceOptions capture_options);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_WHAT_IF_H_
