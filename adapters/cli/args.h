// A small command-line parser for the bulwark subcommands: long options ("--name VALUE" or
// "--name=VALUE"), flags, repeatable options, positional arguments, and "-" as a positional.
#ifndef BULWARK_ADAPTERS_CLI_ARGS_H_
#define BULWARK_ADAPTERS_CLI_ARGS_H_

#include <map>
#include <string>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and found a problem
inline constexpr int kExitUsage = 2;    // bad command line

struct OptionSpec {
  std::string name;        // without "--"
  std::string value_name;  // empty: a flag without a value
  std::string help;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values;  // flags map to {""}
  std::vector<std::string> positional;
  bool Has(const std::string& name) const { return values.count(name) > 0; }
  // The last value given for `name`, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& All(const std::string& name) const;
};

// Parses argv[first..argc). "--help" is always accepted and recorded as a flag. Returns
// InvalidArgument naming the offending argument.
Result<ParsedArgs> ParseArgs(int argc, char** argv, int first,
                             const std::vector<OptionSpec>& specs);

// "Options:" section for --help texts.
std::string FormatOptions(const std::vector<OptionSpec>& specs);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_ARGS_H_
