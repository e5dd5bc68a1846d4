// bulwark subscriptions list|create|renew|delete|reconcile: the Graph subscriptions that feed
// the Event Hub, kept as the config's `graph.subscriptions` describes them.
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

const std::vector<OptionSpec> kCreateOptions = {
    {"config", "FILE", "service config with graph: and graph.subscriptions (required)"},
};
const std::vector<OptionSpec> kDeleteOptions = {
    {"config", "FILE", "service config with a graph: section (required)"},
    {"id", "ID", "a subscription to delete (repeatable)"},
    {"configured", "", "delete every subscription graph.subscriptions describes"},
};

constexpr char kCreateUsage[] =
    "Usage: bulwark subscriptions create --config FILE\n"
    "\n"
    "Creates the subscriptions graph.subscriptions describes that do not exist yet (a 409\n"
    "Conflict adopts the existing one). Changes nothing else; exits 1 when any failed.\n"
    "\n";
constexpr char kRenewUsage[] =
    "Usage: bulwark subscriptions renew --config FILE\n"
    "\n"
    "Renews every subscription graph.subscriptions describes to its full expiry now, and moves it\n"
    "to the configured certificate when it encrypts for another. Creates nothing; exits 1 when\n"
    "any failed or is missing.\n"
    "\n";
constexpr char kDeleteUsage[] =
    "Usage: bulwark subscriptions delete --config FILE (--id ID... | --configured)\n"
    "\n"
    "Deletes the given subscriptions, or with --configured every one graph.subscriptions\n"
    "describes (the feed stops: Bulwark receives nothing for those resources afterwards).\n"
    "\n";

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

// The desired subscriptions, what Graph has, and the time: what create, renew and delete share.
struct Plan {
  Loaded loaded;
  std::vector<m365::DesiredSubscription> desired;
  std::vector<m365::ExistingSubscription> existing;
  int64_t now_s = 0;
};

Result<Plan> LoadPlan(const Invocation& cmd) {
  auto l = Load(cmd);
  if (!l.ok()) return l.status();
  Plan p;
  p.loaded = std::move(l).value();
  auto desired = BuildDesiredSubscriptions(p.loaded.config);
  if (!desired.ok()) return desired.status();
  p.desired = std::move(desired).value();
  auto existing = m365::SubscriptionsApi(p.loaded.m365->graph.get()).List();
  if (!existing.ok()) return existing.status();
  p.existing = std::move(existing).value();
  p.now_s = source::SystemClock().WallMillis() / 1000;
  return p;
}

const m365::ExistingSubscription* Existing(const Plan& p, const m365::DesiredSubscription& d) {
  for (const auto& e : p.existing) {
    if (m365::Matches(e, d)) return &e;
  }
  return nullptr;
}

int CreateCmd(const Invocation& cmd) {
  auto p = LoadPlan(cmd);
  if (!p.ok()) return cmd.Failure(p.status().message());
  const m365::SubscriptionsApi api(p->loaded.m365->graph.get());
  int failures = 0;
  for (const auto& d : p->desired) {
    if (const auto* e = Existing(*p, d)) {
      std::cout << "exists " << d.resource << " (" << e->id << ")\n";
      continue;
    }
    auto made = api.Create(d, p->now_s);
    if (made.ok()) {
      std::cout << "made " << d.resource << " (" << made->id << ")\n";
    } else if (made.status().code() == StatusCode::kFailedPrecondition) {
      std::cout << "exists " << d.resource << " (409 Conflict: it exists, not listed yet)\n";
    } else {
      ++failures;
      std::cout << "fail " << d.resource << ": " << made.status().message() << "\n";
    }
  }
  return failures > 0 ? kExitFailure : kExitOk;
}

int RenewCmd(const Invocation& cmd) {
  auto p = LoadPlan(cmd);
  if (!p.ok()) return cmd.Failure(p.status().message());
  const m365::SubscriptionsApi api(p->loaded.m365->graph.get());
  int failures = 0;
  for (const auto& d : p->desired) {
    const auto* e = Existing(*p, d);
    if (e == nullptr) {
      ++failures;
      std::cout << "missing " << d.resource << " (bulwark subscriptions create)\n";
      continue;
    }
    const bool certificate = e->encryption_certificate_id != d.encryption_certificate_id;
    if (Status s = api.Renew(e->id, d, p->now_s, certificate); !s.ok()) {
      ++failures;
      std::cout << "fail " << d.resource << " (" << e->id << "): " << s.message() << "\n";
      continue;
    }
    std::cout << "renew " << d.resource << " (" << e->id << ") until "
              << source::FormatUtcMillis((p->now_s + int64_t{d.expiration_minutes} * 60) * 1000)
              << (certificate ? ", certificate " + d.encryption_certificate_id : "") << "\n";
  }
  return failures > 0 ? kExitFailure : kExitOk;
}

int DeleteCmd(const Invocation& cmd) {
  const bool configured = cmd.args().Has("configured");
  std::vector<std::string> ids = cmd.args().All("id");
  if (configured == !ids.empty()) return cmd.UsageError("give --id ID... or --configured");
  std::unique_ptr<M365Setup> m365;
  if (configured) {
    auto p = LoadPlan(cmd);
    if (!p.ok()) return cmd.Failure(p.status().message());
    for (const auto& d : p->desired) {
      if (const auto* e = Existing(*p, d)) ids.push_back(e->id);
    }
    m365 = std::move(p->loaded.m365);
  } else {
    auto l = Load(cmd);
    if (!l.ok()) return cmd.Failure(l.status().message());
    m365 = std::move(l->m365);
  }
  const m365::SubscriptionsApi api(m365->graph.get());
  int failures = 0;
  for (const std::string& id : ids) {
    if (Status s = api.Delete(id); !s.ok()) {
      ++failures;
      std::cout << "fail " << id << ": " << s.message() << "\n";
    } else {
      std::cout << "deleted " << id << "\n";
    }
  }
  if (ids.empty()) std::cerr << "nothing to delete\n";
  return failures > 0 ? kExitFailure : kExitOk;
}

}  // namespace

Command SubscriptionsCreateCommand() {
  return {{"subscriptions", "create"},
          "create the configured Graph subscriptions that are missing",
          kCreateUsage,
          kCreateOptions,
          &CreateCmd};
}
Command SubscriptionsRenewCommand() {
  return {{"subscriptions", "renew"},
          "renew the configured Graph subscriptions now",
          kRenewUsage,
          kCreateOptions,
          &RenewCmd};
}
Command SubscriptionsDeleteCommand() {
  return {{"subscriptions", "delete"},
          "delete Graph subscriptions (by id, or the configured ones)",
          kDeleteUsage,
          kDeleteOptions,
          &DeleteCmd};
}

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
