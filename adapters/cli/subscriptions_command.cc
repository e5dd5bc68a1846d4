// bulwark subscriptions list|reconcile: the Graph subscriptions that feed the Event Hub, kept as
// the config's `graph.subscriptions` describes them.
#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "cli/commands.h"
#include "cli/m365_setup.h"
#include "cli/runtime_config.h"
#include "m365/subscriptions.h"
#include "source/clock.h"
#include "source/utc_time.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kListOptions = {
    {"config", "FILE", "service config with a graph: section (required)"},
};
const std::vector<OptionSpec> kReconcileOptions = {
    {"config", "FILE", "service config with graph: and graph.subscriptions (required)"},
    {"dry-run", "", "print the plan, change nothing"},
};

constexpr char kListUsage[] =
    "Usage: bulwark subscriptions list --config FILE\n"
    "\n"
    "Lists the app's Graph subscriptions: id, resource, expiry, certificate id, notification URL.\n"
    "\n";
constexpr char kReconcileUsage[] =
    "Usage: bulwark subscriptions reconcile --config FILE [--dry-run]\n"
    "\n"
    "Makes the app's Graph subscriptions what graph.subscriptions describes: creates the missing\n"
    "ones (adopting a matching one on 409 Conflict), renews those expiring within the margin and\n"
    "moves those encrypting for another certificate to the configured one. One line per\n"
    "subscription (ok, made, adopt, renew, cert, fail); exits 1 when any failed.\n"
    "\n";

struct Loaded {
  RuntimeConfig config;
  std::unique_ptr<M365Setup> m365;
};

Result<Loaded> Load(const Invocation& cmd) {
  if (!cmd.args().Has("config")) return Status::InvalidArgument("--config is required");
  Loaded l;
  if (Status s = LoadRuntimeConfig(cmd.args().Get("config"), &l.config); !s.ok()) return s;
  if (!l.config.graph.configured()) {
    return Status::InvalidArgument("the config has no graph: section (the app registration)");
  }
  auto m = BuildM365Setup(l.config.graph);
  if (!m.ok()) return m.status();
  l.m365 = std::move(m).value();
  return l;
}

int List(const Invocation& cmd) {
  auto l = Load(cmd);
  if (!l.ok()) return cmd.Failure(l.status().message());
  const m365::SubscriptionsApi api(l->m365->graph.get());
  auto subs = api.List();
  if (!subs.ok()) return cmd.Failure(subs.status().message());
  for (const auto& s : *subs) {
    std::cout << s.id << "  " << s.resource << "  expires "
              << source::FormatUtcMillis(s.expires_at_s * 1000) << "  cert "
              << (s.encryption_certificate_id.empty() ? "-" : s.encryption_certificate_id) << "  "
              << s.notification_url << "\n";
  }
  std::cerr << subs->size() << " subscription" << (subs->size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

int ReconcileCmd(const Invocation& cmd) {
  auto l = Load(cmd);
  if (!l.ok()) return cmd.Failure(l.status().message());
  auto desired = BuildDesiredSubscriptions(l->config);
  if (!desired.ok()) return cmd.Failure(desired.status().message());
  const m365::SubscriptionsApi api(l->m365->graph.get());
  const int64_t now_s = source::SystemClock().WallMillis() / 1000;
  const m365::ReconcileReport report = m365::Reconcile(
      api, *desired, now_s, int64_t{l->config.graph.subscriptions.renew_margin_minutes} * 60,
      cmd.args().Has("dry-run"));
  for (const std::string& line : report.lines) std::cout << line << "\n";
  return report.failures > 0 ? kExitFailure : kExitOk;
}

}  // namespace

Command SubscriptionsListCommand() {
  return {{"subscriptions", "list"},
          "list the app's Graph subscriptions",
          kListUsage,
          kListOptions,
          &List};
}
Command SubscriptionsReconcileCommand() {
  return {{"subscriptions", "reconcile"},
          "create, adopt, renew and re-key the Graph subscriptions the config describes",
          kReconcileUsage,
          kReconcileOptions,
          &ReconcileCmd};
}

}  // namespace bulwark::cli
