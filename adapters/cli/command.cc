#include "cli/command.h"

#include "bulwark/engine.h"

namespace bulwark::cli {
namespace {

std::string Joined(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : " ") + p;
  return out;
}

std::string CommandList(const std::vector<Command>& commands, const std::string& group) {
  std::string out = "Commands:\n";
  for (const Command& c : commands) {
    if (!group.empty() && c.path.front() != group) continue;
    std::string left =
        "  " + (group.empty() ? Joined(c.path) : Joined(c.path).substr(group.size() + 1));
    left.resize(std::max<size_t>(left.size() + 2, 18), ' ');
    out += left + c.summary + "\n";
  }
  return out;
}

constexpr char kOverview[] =
    "Usage: bulwark COMMAND [ARGS]\n"
    "\n"
    "Data-loss prevention for Microsoft Teams messages delivered by Graph change notifications.\n"
    "\n";

constexpr char kGlobalOptions[] =
    "\nOptions:\n"
    "  --version  print the version and exit\n"
    "  --help     show this help and exit\n"
    "\n"
    "Run 'bulwark COMMAND --help' for a command's options.\n";

}  // namespace

Invocation::Invocation(const Command& command, const ParsedArgs& args, const char* argv0)
    : args_(args), argv0_(argv0), name_("bulwark " + Joined(command.path)) {}

int Invocation::UsageError(std::string_view message) const {
  std::cerr << name_ << ": " << message << "\nTry '" << name_ << " --help'.\n";
  return kExitUsage;
}

int Invocation::Failure(std::string_view message) const {
  std::cerr << name_ << ": " << message << "\n";
  return kExitFailure;
}

void Invocation::Warn(std::string_view message) const {
  std::cerr << name_ << ": warning: " << message << "\n";
}

int Dispatch(const std::vector<Command>& commands, int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (first.empty() || first == "--help" || first == "help") {
    (first.empty() ? std::cerr : std::cout)
        << kOverview << CommandList(commands, "") << kGlobalOptions;
    return first.empty() ? kExitUsage : kExitOk;
  }
  if (first == "--version") {
    std::cout << "bulwark " << Version() << "\n";
    return kExitOk;
  }
  // The longest command path that argv starts with.
  const Command* best = nullptr;
  bool group = false;
  for (const Command& c : commands) {
    if (c.path.front() != first) continue;
    group = group || c.path.size() > 1;
    bool matches = static_cast<int>(c.path.size()) < argc;
    for (size_t i = 1; matches && i < c.path.size(); ++i) matches = c.path[i] == argv[1 + i];
    if (matches && (best == nullptr || c.path.size() > best->path.size())) best = &c;
  }
  if (best == nullptr) {
    if (group) {
      const std::string sub = argc > 2 ? argv[2] : "";
      const bool help = sub == "--help" || sub == "help";
      std::ostream& out = help ? std::cout : std::cerr;
      if (!help && !sub.empty())
        out << "bulwark " << first << ": unknown command '" << sub << "'\n\n";
      out << "Usage: bulwark " << first << " COMMAND [ARGS]\n\n" << CommandList(commands, first);
      return help ? kExitOk : kExitUsage;
    }
    std::cerr << "bulwark: unknown command '" << first << "'\n\n"
              << kOverview << CommandList(commands, "") << kGlobalOptions;
    return kExitUsage;
  }
  auto args = ParseArgs(argc, argv, 1 + static_cast<int>(best->path.size()), best->options);
  const ParsedArgs empty;
  const Invocation invocation(*best, args.ok() ? *args : empty, argv[0]);
  if (!args.ok()) return invocation.UsageError(args.status().message());
  if (args->Has("help")) {
    std::cout << best->usage << FormatOptions(best->options);
    return kExitOk;
  }
  return best->run(invocation);
}

}  // namespace bulwark::cli
