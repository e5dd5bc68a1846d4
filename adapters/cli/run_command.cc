// bulwark run: the long-running service. Without a configured source it is the zero-config
// demo: an embedded loopback broker seeded with the bundled samples, processed, then exit.
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/kafka_endpoint.h"
#include "cli/m365_setup.h"
#include "cli/policy_paths.h"
#include "cli/runtime_config.h"
#include "cli/runtime_setup.h"
#include "cli/summary.h"
#include "eventhubs/embedded_broker.h"
#include "eventhubs/kafka_consumer.h"
#include "eventhubs/kafka_producer.h"
#include "graph/key_store.h"
#include "replay/capture_reader.h"
#include "service/key_retirer.h"
#include "service/log.h"
#include "service/service.h"
#include "service/subscription_keeper.h"
#include "sinks/kafka_sink.h"
#include "sinks/teams_sink.h"
#include "source/utc_time.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"config", "FILE", "service config (see docs/operations.md); default: the embedded demo"},
    {"policies", "PATH", "policy file or directory (repeatable; replaces the config's policies)"},
    {"key", "ID=KEY[,CERT]", "private key for encryptionCertificateId ID (repeatable)"},
    {"workers", "N", "worker threads (default: config, else the number of cores)"},
};

constexpr char kUsage[] =
    "Usage: bulwark run [--config bulwark.yaml] [OPTIONS]\n"
    "\n"
    "Consumes Graph change notifications from an Event Hub (Kafka endpoint) or any Kafka-protocol\n"
    "broker, evaluates them and writes verdicts, lifecycle and dead-letter records to the sinks,\n"
    "committing offsets only after the sinks accepted them. SIGTERM/SIGINT drain and exit;\n"
    "SIGHUP reloads the policies. Without a source in the config, starts an embedded loopback\n"
    "broker, publishes the bundled samples into it, processes them and exits.\n"
    "\n";

constexpr char kEmbeddedTopic[] = "graph-notifications";
constexpr char kSampleClientState[] = "sample-client-state-TEST-ONLY";

Result<std::vector<sinks::SinkRoute>> MakeSinks(const RuntimeConfig& config,
                                                const M365Setup* m365) {
  std::vector<sinks::SinkRoute> routes;
  std::set<sinks::RecordKind> covered;
  for (const SinkConfig& sc : config.sinks) {
    sinks::SinkRoute route;
    for (const std::string& r : sc.records) {
      const std::optional<sinks::RecordKind> kind = sinks::ParseRecordKind(r);
      if (!kind) return Status::InvalidArgument("sink record kind '" + r + "' is unknown");
      route.kinds.insert(*kind);
    }
    if (sc.type == "jsonl") {
      route.sink = sinks::MakeJsonlSink({sc.path, sc.fsync});
    } else if (sc.type == "teams-policy-violation") {
      sinks::TeamsSinkOptions o;
      o.enforcement_log = sc.path;
      o.dead_letter = sc.dead_letter;
      o.tip.compliance_url = sc.compliance_url;
      o.tip.verdict_details = sc.verdict_details;
      o.concurrency = sc.concurrency;
      auto t = sinks::MakeTeamsPolicyViolationSink(o, m365->graph.get(), source::SystemClock());
      if (!t.ok()) return t.status();
      route.sink = std::move(t).value();
    } else {
      auto k = sinks::MakeKafkaSink(KafkaEndpointOf(sc), sc.topic);
      if (!k.ok()) return k.status();
      route.sink = std::move(k).value();
    }
    covered.insert(route.kinds.begin(), route.kinds.end());
    routes.push_back(std::move(route));
  }
  if (routes.empty()) {
    routes.push_back({sinks::MakeJsonlSink({"-"}), sinks::kAllRecordKinds});
  } else if (covered != sinks::kAllRecordKinds) {
    return Status::InvalidArgument(
        "every record kind (verdict, feedback, lifecycle, dead_letter) needs at least one sink; "
        "nothing is dropped");
  }
  return routes;
}

// The zero-config demo's broker: started on loopback and seeded with the bundled capture (or
// the config's `embedded.capture`), round-robin over its partitions. Fills the consumer
// options that read it back.
struct SeededBroker {
  std::unique_ptr<eventhubs::EmbeddedBroker> broker;
  uint64_t events = 0;
};

Result<SeededBroker> StartSeededBroker(const RuntimeConfig& config, const char* argv0,
                                       eventhubs::ConsumerOptions* consumer) {
  SeededBroker out;
  auto b = eventhubs::EmbeddedBroker::Start(kEmbeddedTopic, config.embedded_partitions, 0);
  if (!b.ok()) return b.status();
  out.broker = std::move(b).value();
  const std::string capture =
      !config.embedded_capture.empty()
          ? config.embedded_capture
          : (DefaultSamplesDir(argv0) / "notifications" / "capture.jsonl").string();
  eventhubs::KafkaEndpoint endpoint;
  endpoint.bootstrap_servers = out.broker->bootstrap();
  auto producer = eventhubs::KafkaProducer::Create(endpoint);
  replay::CaptureReader reader;
  if (!producer.ok() || !reader.Open(capture).ok()) {
    return Status::IoError("cannot seed the embedded broker from " + capture);
  }
  source::Envelope e;
  while (reader.Next(&e)) {
    if (!e.source_error.empty()) {
      return Status::IoError("cannot seed the embedded broker: " + e.source_error + ": " +
                             e.source_error_detail);
    }
    const int32_t p =
        static_cast<int32_t>(out.events++ % static_cast<uint64_t>(config.embedded_partitions));
    if (Status s = (*producer)->Produce(kEmbeddedTopic, p, e.body); !s.ok()) return s;
  }
  if (Status s = (*producer)->Flush(30000); !s.ok()) return s;
  service::Log(service::LogLevel::kInfo, "embedded broker seeded",
               {{"bootstrap", out.broker->bootstrap()},
                {"topic", kEmbeddedTopic},
                {"events", out.events},
                {"capture", capture}});
  consumer->endpoint = endpoint;
  consumer->topic = kEmbeddedTopic;
  consumer->group = "bulwark-embedded";
  return out;
}

}  // namespace

int Run(const Invocation& cmd) {
  service::BlockShutdownSignals();  // before any library starts a thread
  const ParsedArgs* args = &cmd.args();
  RuntimeConfig config;
  const bool demo = !args->Has("config");
  const std::string config_path =
      demo ? (DefaultSamplesDir(cmd.argv0()) / "replay.yaml").string() : args->Get("config");
  if (Status s = LoadRuntimeConfig(config_path, &config); !s.ok()) {
    std::cerr << "bulwark run: " << s.message() << "\n";
    return kExitFailure;
  }
  if (demo) {
    // The zero-config demo decrypts the bundled capture with its TEST-ONLY key and clientState.
    setenv(config.client_state_env.c_str(), kSampleClientState, /*overwrite=*/0);
    config.metrics_listen = "127.0.0.1:0";
  }
  // --policies replaces the config's list (neither: the shipped policies).
  if (args->Has("policies")) config.policies = args->All("policies");
  const std::optional<unsigned> workers = cmd.Integer("workers", config.workers, 0u, 256u);
  if (!workers) return kExitUsage;
  config.workers = *workers;
  if (!service::SetLogLevel(config.log_level)) {
    std::cerr << "bulwark run: unknown log_level '" << config.log_level << "'\n";
    return kExitUsage;
  }

  std::vector<std::string> warnings;
  auto setup =
      BuildRuntimeSetup(config, args->All("key"), cmd.argv0(), /*service=*/true, &warnings);
  for (const std::string& w : warnings) service::Log(service::LogLevel::kWarn, w);
  if (!setup.ok()) {
    std::cerr << "bulwark run: " << setup.status().message() << "\n";
    return kExitFailure;
  }

  std::unique_ptr<M365Setup> m365;  // outlives the service: its sinks use it
  if (config.graph.configured()) {
    auto m = BuildM365Setup(config.graph);
    if (!m.ok()) return cmd.Failure(m.status().message());
    m365 = std::move(m).value();
  }
  auto routes = MakeSinks(config, m365.get());
  if (!routes.ok()) {
    std::cerr << "bulwark run: " << routes.status().message() << "\n";
    return kExitFailure;
  }

  service::ServiceOptions options;
  options.workers = config.workers;
  options.queue_capacity = config.queue_capacity;
  options.metrics_listen = config.metrics_listen;
  options.shutdown_timeout_ms = config.shutdown_timeout_seconds * 1000;
  options.policy_load = (*setup)->load;
  options.feedback = (*setup)->feedback;

  eventhubs::ConsumerOptions consumer_options;
  std::unique_ptr<eventhubs::EmbeddedBroker> broker;
  if (config.source.configured()) {
    consumer_options.endpoint = KafkaEndpointOf(config.source);
    consumer_options.topic = config.source.topic;
    consumer_options.group = config.source.consumer_group;
  } else {
    auto seeded = StartSeededBroker(config, cmd.argv0(), &consumer_options);
    if (!seeded.ok()) return cmd.Failure(seeded.status().message());
    broker = std::move(seeded->broker);
    options.stop_after_events = seeded->events;
  }
  auto consumer = eventhubs::KafkaConsumer::Create(consumer_options);
  if (!consumer.ok()) {
    service::Log(service::LogLevel::kError, "cannot create the consumer",
                 {{"error", consumer.status().message()}});
    return 2;
  }
  // Fail closed: an enforcing service must know its notifications are its own.
  if (!(*setup)->client_state_checked && (*setup)->policies->stats().enforcing > 0 &&
      !config.allow_unverified_client_state) {
    return cmd.Failure("refusing to enforce policies on unverified notifications: set $" +
                       config.client_state_env +
                       " to the subscriptions' clientState (or allow_unverified_client_state: "
                       "true in the config to accept that risk)");
  }
  // Subscription upkeep: the instance owning partition 0 reconciles; lifecycle records act.
  std::unique_ptr<m365::SubscriptionsApi> subscriptions_api;
  std::unique_ptr<service::SubscriptionKeeper> keeper;
  std::vector<sinks::SinkRoute> sink_routes = std::move(routes).value();
  if (m365 && config.graph.subscriptions.configured()) {
    auto desired = BuildDesiredSubscriptions(config);
    if (!desired.ok()) return cmd.Failure(desired.status().message());
    subscriptions_api = std::make_unique<m365::SubscriptionsApi>(m365->graph.get());
    keeper = std::make_unique<service::SubscriptionKeeper>(
        subscriptions_api.get(), std::move(desired).value(),
        int64_t{config.graph.subscriptions.renew_margin_minutes} * 60,
        std::chrono::minutes(config.graph.subscriptions.reconcile_minutes), source::SystemClock());
    sink_routes.push_back({keeper->LifecycleSink(), {sinks::RecordKind::kLifecycle}});
  }
  service::Service svc(options, std::move(consumer).value(), (*setup)->decoder.get(),
                       (*setup)->policies, std::move(sink_routes));
  svc.SetSubscriptionKeeper(keeper.get());
  std::unique_ptr<service::KeyRetirer> retirer;
  if (config.key_ring.configured()) {
    if (!config.key_ring.loaded) {
      service::Log(service::LogLevel::kWarn,
                   "key ring has no key yet: run `bulwark keys rotate --config FILE`",
                   {{"dir", config.key_ring.dir}});
    }
    retirer = std::make_unique<service::KeyRetirer>(
        config.key_ring.dir, &(*setup)->keys,
        std::chrono::minutes(config.key_ring.retire_after_minutes), source::SystemClock());
    svc.SetKeyRetirer(retirer.get());
  }
  // Certificate expiry: a metric, and a warning a month ahead (rotate before Graph refuses).
  std::map<std::string, int64_t> not_after;
  const int64_t now_s = source::SystemClock().WallMillis() / 1000;
  for (const KeyConfig& k : config.keys) {
    if (k.cert_file.empty()) continue;
    auto t = graph::CertificateNotAfter(k.cert_file);
    if (!t.ok()) continue;
    not_after[k.id] = *t;
    if (*t - now_s < 30 * 86400) {
      service::Log(service::LogLevel::kWarn,
                   *t < now_s ? "certificate expired: rotate the key (bulwark keys rotate)"
                              : "certificate expires within 30 days: rotate the key",
                   {{"id", k.id}, {"not_after", source::FormatUtcMillis(*t * 1000)}});
    }
  }
  svc.metrics().SetCertificateExpiry(not_after);
  const auto started = std::chrono::steady_clock::now();
  const int rc = svc.Run();
  if (broker) {
    std::cout.flush();
    PrintSummary("run (embedded broker)", svc.tally(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return rc;
}

Command RunCommand() {
  return {{"run"},
          "the service: Event Hubs in, verdicts out (no config: embedded demo)",
          kUsage,
          kOptions,
          &Run};
}

}  // namespace bulwark::cli
