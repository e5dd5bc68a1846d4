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
    "  run       the service: Event Hubs in, verdicts out (no config: embedded demo)\n"
    "  scan      evaluate text files, chatMessage JSON or stdin against the policies\n"
    "  replay    decode, decrypt and evaluate captured Graph change notifications\n"
    "  policy    policy tools (lint, test)\n"
    "  plugins   list detector plugins and why any failed to load\n"
    "  edm       Exact Data Match: hash a CSV of sensitive records for the edm plugin\n"
    "  keys      create the RSA key and certificate a Graph subscription encrypts for\n"
    "  simulate  encrypt chatMessage JSON into change notifications, as Graph does\n"
    "  broker    a loopback Kafka-protocol broker for tests and demos\n"
    "  publish   produce captured events into a Kafka-protocol endpoint or Event Hub\n"
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
  if (cmd == "run") return bulwark::cli::RunCommand(argc, argv, 2);
  if (cmd == "scan") return bulwark::cli::ScanCommand(argc, argv, 2);
  if (cmd == "broker") return bulwark::cli::BrokerCommand(argc, argv, 2);
  if (cmd == "publish") return bulwark::cli::PublishCommand(argc, argv, 2);
  if (cmd == "policy") return bulwark::cli::PolicyCommand(argc, argv, 2);
  if (cmd == "plugins") return bulwark::cli::PluginsCommand(argc, argv, 2);
  if (cmd == "edm") return bulwark::cli::EdmCommand(argc, argv, 2);
  if (cmd == "replay") return bulwark::cli::ReplayCommand(argc, argv, 2);
  if (cmd == "keys") return bulwark::cli::KeysCommand(argc, argv, 2);
  if (cmd == "simulate") return bulwark::cli::SimulateCommand(argc, argv, 2);
  std::cerr << "bulwark: unknown command '" << cmd << "'\n\n" << kUsage;
  return kExitUsage;
}
