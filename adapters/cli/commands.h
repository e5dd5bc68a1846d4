// The bulwark subcommands. Each takes the whole argv and the index of its first own argument,
// writes to stdout/stderr and returns the process exit code (see args.h).
#ifndef BULWARK_ADAPTERS_CLI_COMMANDS_H_
#define BULWARK_ADAPTERS_CLI_COMMANDS_H_

namespace bulwark::cli {

int ScanCommand(int argc, char** argv, int first);
int PolicyCommand(int argc, char** argv, int first);
int PluginsCommand(int argc, char** argv, int first);
int EdmCommand(int argc, char** argv, int first);
int ReplayCommand(int argc, char** argv, int first);
int KeysCommand(int argc, char** argv, int first);
int SimulateCommand(int argc, char** argv, int first);
int RunCommand(int argc, char** argv, int first);
int BrokerCommand(int argc, char** argv, int first);
int PublishCommand(int argc, char** argv, int first);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_COMMANDS_H_
