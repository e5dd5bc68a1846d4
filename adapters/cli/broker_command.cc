// bulwark broker: a loopback Kafka-protocol broker (librdkafka's mock cluster) until stopped.
#include <signal.h>

#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "eventhubs/embedded_broker.h"
#include "service/service.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"port", "P", "also accept clients on 127.0.0.1:P (default: only the broker's own port)"},
    {"partitions", "N", "partitions of the topic (default: 4)"},
    {"topic", "T", "topic to create (default: graph-notifications); repeatable"},
};

constexpr char kUsage[] =
    "Usage: bulwark broker [--port P] [--partitions N] [--topic T]...\n"
    "\n"
    "Runs an in-memory Kafka-protocol broker on 127.0.0.1 until SIGTERM or SIGINT, for tests,\n"
    "demos and load generation. Prints 'bootstrap: 127.0.0.1:PORT' once it is ready. Data is\n"
    "lost when it stops.\n"
    "\n";

}  // namespace

int BrokerCommand(int argc, char** argv, int first) {
  service::BlockShutdownSignals();
  auto args = ParseArgs(argc, argv, first, kOptions);
  if (!args.ok()) {
    std::cerr << "bulwark broker: " << args.status().message() << "\n";
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::cout << kUsage << FormatOptions(kOptions);
    return kExitOk;
  }
  const int port = std::atoi(args->Get("port", "0").c_str());
  const int partitions = std::atoi(args->Get("partitions", "4").c_str());
  if (port < 0 || port > 65535 || partitions < 1 || partitions > 1024) {
    std::cerr << "bulwark broker: bad --port or --partitions\n";
    return kExitUsage;
  }
  std::vector<std::string> topics = args->All("topic");
  if (topics.empty()) topics.push_back("graph-notifications");
  auto broker = eventhubs::EmbeddedBroker::Start(topics[0], partitions, port);
  if (!broker.ok()) {
    std::cerr << "bulwark broker: " << broker.status().message() << "\n";
    return kExitFailure;
  }
  for (size_t i = 1; i < topics.size(); ++i) {
    if (Status s = (*broker)->CreateTopic(topics[i], partitions); !s.ok()) {
      std::cerr << "bulwark broker: " << s.message() << "\n";
      return kExitFailure;
    }
  }
  std::cout << "bootstrap: " << (*broker)->bootstrap() << std::endl;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT)) {
  }
  return kExitOk;
}

}  // namespace bulwark::cli
