// bulwark doctor --config FILE: what an operator runs before going live. One line per check,
// "ok", "warn" or "fail", with what to do; exit 1 when any check failed.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bulwark/policy_set.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/kafka_endpoint.h"
#include "cli/m365_setup.h"
#include "cli/policy_paths.h"
#include "cli/runtime_config.h"
#include "cli/runtime_setup.h"
#include "eventhubs/kafka_producer.h"
#include "graph/key_store.h"
#include "m365/subscriptions.h"
#include "source/clock.h"
#include "source/utc_time.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"config", "FILE", "the service config to check (required)"},
};

constexpr char kUsage[] =
    "Usage: bulwark doctor --config FILE\n"
    "\n"
    "Checks what `bulwark run --config FILE` needs before it goes live: the policies compile,\n"
    "the keys load and their certificates are not about to expire, clientState is set, an\n"
    "Entra ID token can be had, each configured Graph subscription exists and encrypts for a\n"
    "loaded key, the Event Hub (or broker) answers and has the topic, and the sinks are\n"
    "writable. One line per check: ok, warn or fail, with what to do. Exits 1 on any fail.\n"
    "\n";

class Report {
 public:
  void Ok(const std::string& m) { std::cout << "ok    " << m << "\n"; }
  void Warn(const std::string& m) { std::cout << "warn  " << m << "\n"; }
  void Fail(const std::string& m) {
    std::cout << "fail  " << m << "\n";
    ++failures_;
  }
  int failures() const { return failures_; }

 private:
  int failures_ = 0;
};

// Days until the certificate of `cert_file` expires, or nullopt when it cannot be read.
std::optional<int> DaysLeft(const std::string& cert_file) {
  auto t = graph::CertificateNotAfter(cert_file);
  if (!t.ok()) return std::nullopt;
  const int64_t secs = *t - source::SystemClock().WallMillis() / 1000;
  return static_cast<int>(secs >= 0 ? secs / 86400 : -1 - (-secs) / 86400);
}

void CheckKeys(const RuntimeConfig& c, Report* r) {
  if (c.key_ring.configured()) {
    if (!c.key_ring.loaded) {
      r->Fail("key ring " + c.key_ring.dir + ": no key yet (bulwark keys rotate --config FILE)");
    } else {
      r->Ok("key ring " + c.key_ring.dir + ": current key " + c.key_ring.current);
    }
  }
  if (c.keys.empty()) {
    r->Fail("no keys: encrypted notifications cannot be read (bulwark keys new, then keys:)");
    return;
  }
  for (const KeyConfig& k : c.keys) {
    graph::KeyStore store;
    std::vector<std::string> warnings;
    if (Status s = store.Add(k.id, k.key_file, k.cert_file, &warnings); !s.ok()) {
      r->Fail("key " + k.id + ": " + s.message());
      continue;
    }
    for (const std::string& w : warnings) r->Warn("key " + k.id + ": " + w);
    if (k.cert_file.empty()) {
      r->Warn("key " + k.id + ": no cert_file: thumbprints cannot be cross-checked");
      continue;
    }
    const std::optional<int> days = DaysLeft(k.cert_file);
    if (!days) {
      r->Warn("key " + k.id + ": cannot read the certificate's expiry");
    } else if (*days < 0) {
      r->Fail("key " + k.id + ": the certificate expired; rotate (bulwark keys rotate)");
    } else if (*days < 30) {
      r->Warn("key " + k.id + ": the certificate expires in " + std::to_string(*days) +
              " days; rotate soon");
    } else {
      r->Ok("key " + k.id + " loads; certificate valid " + std::to_string(*days) + " more days");
    }
  }
}

void CheckGraph(const RuntimeConfig& c, Report* r) {
  if (!c.graph.configured()) {
    r->Warn("no graph: section: nothing is blocked in Teams and no subscription is maintained");
    return;
  }
  auto m365 = BuildM365Setup(c.graph);
  if (!m365.ok()) {
    r->Fail("graph: " + m365.status().message());
    return;
  }
  auto token = (*m365)->tokens->Token();
  if (!token.ok()) {
    r->Fail("Entra ID token: " + token.status().message() +
            " (check tenant_id, client_id and the credential)");
    return;
  }
  r->Ok("Entra ID token for app " + c.graph.client_id);
  if (!c.graph.subscriptions.configured()) {
    r->Warn("no graph.subscriptions: nothing creates or renews the subscriptions");
    return;
  }
  const m365::SubscriptionsApi api((*m365)->graph.get());
  auto existing = api.List();
  if (!existing.ok()) {
    r->Fail("list subscriptions: " + existing.status().message());
    return;
  }
  const int64_t now_s = source::SystemClock().WallMillis() / 1000;
  for (const std::string& resource : c.graph.subscriptions.resources) {
    m365::DesiredSubscription wanted;
    wanted.resource = resource;
    wanted.notification_url = c.graph.subscriptions.notification_url;
    const m365::ExistingSubscription* found = nullptr;
    for (const auto& e : *existing) found = m365::Matches(e, wanted) ? &e : found;
    if (found == nullptr) {
      r->Fail("subscription " + resource + ": missing (bulwark subscriptions reconcile)");
      continue;
    }
    bool known = false;
    for (const KeyConfig& k : c.keys) known = known || k.id == found->encryption_certificate_id;
    if (!known) {
      r->Fail("subscription " + resource + " encrypts for '" + found->encryption_certificate_id +
              "', which no key of keys: has: its notifications cannot be decrypted");
    } else if (found->expires_at_s - now_s < 3600) {
      r->Warn("subscription " + resource + " expires within the hour (" +
              source::FormatUtcMillis(found->expires_at_s * 1000) + ")");
    } else {
      r->Ok("subscription " + resource + " (" + found->id + ") until " +
            source::FormatUtcMillis(found->expires_at_s * 1000));
    }
  }
}

void CheckTopic(const EndpointConfig& endpoint, const std::string& topic, const std::string& what,
                Report* r) {
  auto producer = eventhubs::KafkaProducer::Create(KafkaEndpointOf(endpoint));
  if (!producer.ok()) {
    r->Fail(what + ": " + producer.status().message());
    return;
  }
  auto partitions = (*producer)->PartitionCount(topic, 10000);
  if (!partitions.ok()) {
    r->Fail(what + " topic " + topic + ": " + partitions.status().message());
    return;
  }
  r->Ok(what + " topic " + topic + ": " + std::to_string(*partitions) + " partitions");
}

void CheckSinks(const RuntimeConfig& c, Report* r) {
  for (const SinkConfig& s : c.sinks) {
    if (s.type == "kafka") {
      CheckTopic(s, s.topic, "kafka sink", r);
      continue;
    }
    if (s.path == "-") {
      r->Ok(s.type + " sink: stdout");
      continue;
    }
    const std::filesystem::path dir = std::filesystem::path(s.path).parent_path();
    const std::string d = dir.empty() ? "." : dir.string();
    if (!std::filesystem::is_directory(d) || access(d.c_str(), W_OK) != 0) {
      r->Fail(s.type + " sink " + s.path + ": the directory " + d +
              " does not exist or is not writable");
    } else {
      r->Ok(s.type + " sink " + s.path + ": writable");
    }
  }
}

// The storage account of notifications over 1 MB: reachable, and the credential accepted (a
// blob that cannot exist is asked for: 404 means both).
void CheckPayloadStore(const RuntimeConfig& c, Report* r) {
  const LargePayloadsConfig& lp = c.large_payloads;
  if (!lp.configured()) {
    r->Warn("no large_payloads: notifications over 1 MB become payload_store_missing dead letters");
    return;
  }
  auto store = MakePayloadStore(lp);
  if (!store.ok()) {
    r->Fail(store.status().message());
    return;
  }
  auto probe = (*store)->Get(lp.container, "bulwark-doctor-probe-that-does-not-exist");
  if (probe.ok() || probe.status().code() == StatusCode::kNotFound) {
    r->Ok("large payloads: " + lp.account_url + "/" + lp.container +
          " reachable, credential accepted");
  } else {
    r->Fail("large payloads: " + probe.status().message());
  }
}

int Doctor(const Invocation& cmd) {
  if (!cmd.args().Has("config")) return cmd.UsageError("--config is required");
  RuntimeConfig c;
  if (Status s = LoadRuntimeConfig(cmd.args().Get("config"), &c); !s.ok()) {
    return cmd.Failure(s.message());
  }
  Report r;
  LoadOptions load;
  load.paths = PolicyPathsOrDefault(c.policies, cmd.argv0());
  load.database_cache_dir = DefaultDatabaseCacheDir();
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(load, &diags);
  if (set.ok()) {
    r.Ok("policies: " + std::to_string((*set)->stats().policies) + " policies, " +
         std::to_string((*set)->stats().detectors) + " detectors");
  } else {
    r.Fail("policies: " + set.status().message() + " (bulwark policy lint)");
  }
  CheckKeys(c, &r);
  const char* state = std::getenv(c.client_state_env.c_str());
  if (state == nullptr || *state == '\0') {
    r.Fail("$" + c.client_state_env +
           " (clientState) is not set: notifications cannot be told from forgeries");
  } else {
    r.Ok("clientState is set ($" + c.client_state_env + ")");
  }
  CheckGraph(c, &r);
  if (c.source.configured()) {
    CheckTopic(c.source, c.source.topic, "source", &r);
  } else {
    r.Warn("no source: bulwark run is the embedded demo");
  }
  CheckPayloadStore(c, &r);
  CheckSinks(c, &r);
  std::cerr << (r.failures() == 0 ? "doctor: ready\n"
                                  : "doctor: " + std::to_string(r.failures()) + " failed\n");
  return r.failures() == 0 ? kExitOk : kExitFailure;
}

}  // namespace

Command DoctorCommand() {
  return {{"doctor"},
          "check a service config before going live (keys, Graph, Event Hub, sinks)",
          kUsage,
          kOptions,
          &Doctor};
}

}  // namespace bulwark::cli
