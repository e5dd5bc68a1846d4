// The run summary printed on stderr by `replay` and the embedded `run`.
#ifndef BULWARK_ADAPTERS_CLI_SUMMARY_H_
#define BULWARK_ADAPTERS_CLI_SUMMARY_H_

#include <string>

#include "pipeline/envelope_processor.h"

namespace bulwark::cli {

void PrintSummary(const std::string& command, const pipeline::Tally& t, double seconds);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_SUMMARY_H_
