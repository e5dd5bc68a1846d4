// bulwark: the composition root. Dispatches to subcommands.
#include <iostream>
#include <string>

#include "bulwark/engine.h"
#include "cli/args.h"
#include "cli/commands.h"

namespace {

constexpr char kUsage[] =
    "Usage: bulwark COMMAND [ARGS]\n"
    "\n"
    "Data-loss prevention for Microsoft Teams messages delivered by Graph change notifications.\n"
    "\n"
    "Commands:\n"
    "  scan      evaluate text files, chatMessage JSON or stdin against the policies\n"
    "  replay    decode, decrypt and evaluate captured Graph change notifications\n"
    "  policy    policy tools (lint)\n"
    "  keys      create the RSA key and certificate a Graph subscription encrypts for\n"
    "  simulate  encrypt chatMessage JSON into change notifications, as Graph does\n"
    "\n"
    "Options:\n"
    "  --version  print the version and exit\n"
    "  --help     show this help and exit\n"
    "\n"
    "Run 'bulwark COMMAND --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  using bulwark::cli::kExitOk;
  using bulwark::cli::kExitUsage;
  if (argc < 2) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (cmd == "--version") {
    std::cout << "bulwark " << bulwark::Version() << "\n";
    return kExitOk;
  }
  if (cmd == "scan") return bulwark::cli::ScanCommand(argc, argv, 2);
  if (cmd == "policy") return bulwark::cli::PolicyCommand(argc, argv, 2);
  if (cmd == "replay") return bulwark::cli::ReplayCommand(argc, argv, 2);
  if (cmd == "keys") return bulwark::cli::KeysCommand(argc, argv, 2);
  if (cmd == "simulate") return bulwark::cli::SimulateCommand(argc, argv, 2);
  std::cerr << "bulwark: unknown command '" << cmd << "'\n\n" << kUsage;
  return kExitUsage;
}
