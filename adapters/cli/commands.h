// The bulwark subcommands, one factory each (cli/command.h); main() dispatches over
// AllCommands(). Each command's body writes to stdout/stderr and returns the process exit code
// (see args.h).
#ifndef BULWARK_ADAPTERS_CLI_COMMANDS_H_
#define BULWARK_ADAPTERS_CLI_COMMANDS_H_

#include <vector>

#include "cli/command.h"

namespace bulwark::cli {

Command RunCommand();
Command ScanCommand();
Command ExplainCommand();
Command ReplayCommand();
Command DiffVerdictsCommand();
Command PolicyLintCommand();
Command PolicyTestCommand();
Command PolicyDiffCommand();
Command PluginsListCommand();
Command EdmHashCommand();
Command KeysNewCommand();
Command KeysRotateCommand();
Command SimulateCommand();
Command BrokerCommand();
Command PublishCommand();
Command DoctorCommand();
Command SubscriptionsListCommand();
Command SubscriptionsReconcileCommand();
Command SubscriptionsCreateCommand();
Command SubscriptionsRenewCommand();
Command SubscriptionsDeleteCommand();
Command FeedbackReportCommand();
Command CaptureExportCommand();

// Every command, in the order `bulwark --help` lists them. Built on each call (no static
// initialisation order to depend on).
std::vector<Command> AllCommands();

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_COMMANDS_H_
