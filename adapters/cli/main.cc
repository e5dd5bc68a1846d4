// bulwark: the composition root. Dispatches to the subcommands of cli/commands.h.
#include "cli/commands.h"

namespace bulwark::cli {

std::vector<Command> AllCommands() {
  return {RunCommand(),
          ScanCommand(),
          ExplainCommand(),
          ReplayCommand(),
          DiffVerdictsCommand(),
          PolicyLintCommand(),
          PolicyTestCommand(),
          PolicyDiffCommand(),
          PluginsListCommand(),
          EdmHashCommand(),
          KeysNewCommand(),
          KeysRotateCommand(),
          SimulateCommand(),
          BrokerCommand(),
          PublishCommand(),
          SubscriptionsListCommand(),
          DoctorCommand(),
          SubscriptionsReconcileCommand(),
          SubscriptionsCreateCommand(),
          SubscriptionsRenewCommand(),
          SubscriptionsDeleteCommand(),
          FeedbackReportCommand(),
          CaptureExportCommand()};
}

}  // namespace bulwark::cli

int main(int argc, char** argv) {
  return bulwark::cli::Dispatch(bulwark::cli::AllCommands(), argc, argv);
}
