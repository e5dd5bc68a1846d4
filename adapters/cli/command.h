// Command: one bulwark subcommand as data — where it sits in the command tree, its help text,
// its options and its body — and Dispatch(), which parses the command line for it. Every
// command gets the same handling of --help, unknown options, usage errors and exit codes, and
// the same checked number parsing, instead of its own copy of that preamble.
#ifndef BULWARK_ADAPTERS_CLI_COMMAND_H_
#define BULWARK_ADAPTERS_CLI_COMMAND_H_

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/parse_number.h"
#include "cli/args.h"

namespace bulwark::cli {

class Invocation;

struct Command {
  std::vector<std::string> path;  // {"scan"}, {"policy", "lint"}
  std::string summary;            // one line in the command list
  std::string usage;              // the --help text above "Options:" (ends with a blank line)
  std::vector<OptionSpec> options;
  int (*run)(const Invocation&) = nullptr;
};

// What a command body gets: its parsed arguments and helpers that report in the shared style
// ("bulwark scan: message"). Not copyable; lives for the call.
class Invocation {
 public:
  Invocation(const Command& command, const ParsedArgs& args, const char* argv0);
  Invocation(const Invocation&) = delete;
  Invocation& operator=(const Invocation&) = delete;

  const ParsedArgs& args() const { return args_; }
  const char* argv0() const { return argv0_; }
  // "bulwark policy lint".
  const std::string& name() const { return name_; }

  // Prints "<name>: message" and "Try '<name> --help'." on stderr; returns kExitUsage.
  int UsageError(std::string_view message) const;
  // Prints "<name>: message" on stderr; returns kExitFailure.
  int Failure(std::string_view message) const;
  // Prints "<name>: warning: message" on stderr.
  void Warn(std::string_view message) const;

  // The integer value of `option`, `fallback` when it is absent. A value that is not an integer
  // in [min, max] is a usage error: it is printed and nullopt returned (the caller returns
  // kExitUsage).
  template <typename T>
  std::optional<T> Integer(const std::string& option, T fallback, T min, T max) const {
    if (!args_.Has(option)) return fallback;
    if (auto v = ParseInteger<T>(args_.Get(option), min, max)) return v;
    UsageError("--" + option + " must be an integer from " + std::to_string(min) + " to " +
               std::to_string(max));
    return std::nullopt;
  }

 private:
  const ParsedArgs& args_;
  const char* argv0_;
  std::string name_;
};

// Runs argv against `commands`: "bulwark --help|--version", "bulwark COMMAND [SUB] ARGS...".
// A group ("policy") without its subcommand prints the group's subcommands. Returns the exit
// code.
int Dispatch(const std::vector<Command>& commands, int argc, char** argv);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_COMMAND_H_
