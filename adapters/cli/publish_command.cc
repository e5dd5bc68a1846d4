// bulwark publish: produce captured event bodies into a Kafka-protocol endpoint (an Event Hub
// included), for tests, demos and load generation.
#include <chrono>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "eventhubs/kafka_producer.h"
#include "replay/capture_reader.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"brokers", "HOST:PORT", "bootstrap servers of a Kafka-protocol broker"},
    {"eventhubs-namespace", "NS", "an Event Hubs namespace instead of --brokers"},
    {"connection-string-env", "VAR", "variable holding the Event Hubs connection string"},
    {"topic", "T", "topic / Event Hub (required)"},
    {"keep-partitions", "", "produce to the partition recorded in the capture wrapper"},
    {"rate", "N", "at most N events per second (default: as fast as possible)"},
};

constexpr char kUsage[] =
    "Usage: bulwark publish (--brokers HOST:PORT | --eventhubs-namespace NS\n"
    "                        --connection-string-env VAR) --topic T [OPTIONS] CAPTURE...\n"
    "\n"
    "Produces every event body of the captures (the files `bulwark replay` reads), spread\n"
    "round-robin over the topic's partitions, and waits until the broker acknowledged them.\n"
    "\n";

}  // namespace

int Publish(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  const std::string topic = args->Get("topic");
  if (topic.empty() || args->positional.empty() ||
      args->Has("brokers") == args->Has("eventhubs-namespace")) {
    std::cerr << "bulwark publish: give --topic, one of --brokers or --eventhubs-namespace, and "
                 "captures\nTry 'bulwark publish --help'.\n";
    return kExitUsage;
  }
  const std::optional<int> rate_limit = cmd.Integer("rate", 0, 0, 10'000'000);
  if (!rate_limit) return kExitUsage;
  const double rate = *rate_limit;
  eventhubs::KafkaEndpoint endpoint;
  endpoint.bootstrap_servers = args->Get("brokers");
  endpoint.eventhubs_namespace = args->Get("eventhubs-namespace");
  endpoint.connection_string_env = args->Get("connection-string-env");
  auto producer = eventhubs::KafkaProducer::Create(endpoint);
  if (!producer.ok()) {
    std::cerr << "bulwark publish: " << producer.status().message() << "\n";
    return kExitFailure;
  }
  auto partitions = (*producer)->PartitionCount(topic);
  if (!partitions.ok()) {
    std::cerr << "bulwark publish: " << partitions.status().message() << "\n";
    return kExitFailure;
  }
  uint64_t n = 0, unreadable = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& path : args->positional) {
    replay::CaptureReader reader;
    if (Status s = reader.Open(path); !s.ok()) {
      std::cerr << "bulwark publish: " << s.message() << "\n";
      return kExitFailure;
    }
    source::Envelope e;
    while (reader.Next(&e)) {
      if (!e.source_error.empty()) {
        std::cerr << "bulwark publish: " << e.source_error << ": " << e.source_error_detail << "\n";
        ++unreadable;
        continue;
      }
      const int32_t p = args->Has("keep-partitions") && e.partition >= 0
                            ? e.partition % *partitions
                            : static_cast<int32_t>(n % static_cast<uint64_t>(*partitions));
      if (Status s = (*producer)->Produce(topic, p, e.body); !s.ok()) {
        std::cerr << "bulwark publish: " << s.message() << "\n";
        return kExitFailure;
      }
      ++n;
      if (rate > 0) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<int64_t>(
                                                  1e6 * static_cast<double>(n) / rate)));
      }
    }
  }
  if (Status s = (*producer)->Flush(60000); !s.ok()) {
    std::cerr << "bulwark publish: " << s.message() << "\n";
    return kExitFailure;
  }
  std::cerr << "published " << n << " events to " << topic;
  if (unreadable > 0) std::cerr << "; " << unreadable << " could not be read (see above)";
  std::cerr << "\n";
  return unreadable > 0 ? kExitFailure : kExitOk;
}

Command PublishCommand() {
  return {{"publish"},
          "produce captured events into a Kafka-protocol endpoint or Event Hub",
          kUsage,
          kOptions,
          &Publish};
}

}  // namespace bulwark::cli
