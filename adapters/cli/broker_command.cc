// bulwark broker: a loopback Kafka-protocol broker (librdkafka's mock cluster) until stopped.
#include <signal.h>

#include <iostream>

#include "cli/args.h"
#include "cli/command.h"
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
    "lost when it stops. SIGUSR1 takes the broker down (connections closed and refused, data\n"
    "kept), SIGUSR2 brings it back: a broker outage for fault-injection tests.\n"
    "\n";

}  // namespace

int Broker(const Invocation& cmd) {
  service::BlockShutdownSignals();
  // Blocked before the broker's threads exist, so that they inherit it: this thread takes them.
  sigset_t outage;
  sigemptyset(&outage);
  sigaddset(&outage, SIGUSR1);
  sigaddset(&outage, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &outage, nullptr);
  const ParsedArgs* args = &cmd.args();
  const std::optional<int> port = cmd.Integer("port", 0, 0, 65535);
  if (!port) return kExitUsage;
  const std::optional<int> partitions = cmd.Integer("partitions", 4, 1, 1024);
  if (!partitions) return kExitUsage;
  std::vector<std::string> topics = args->All("topic");
  if (topics.empty()) topics.push_back("graph-notifications");
  auto broker = eventhubs::EmbeddedBroker::Start(topics[0], *partitions, *port);
  if (!broker.ok()) {
    std::cerr << "bulwark broker: " << broker.status().message() << "\n";
    return kExitFailure;
  }
  for (size_t i = 1; i < topics.size(); ++i) {
    if (Status s = (*broker)->CreateTopic(topics[i], *partitions); !s.ok()) {
      std::cerr << "bulwark broker: " << s.message() << "\n";
      return kExitFailure;
    }
  }
  std::cout << "bootstrap: " << (*broker)->bootstrap() << std::endl;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR1);
  sigaddset(&set, SIGUSR2);
  int sig = 0;
  while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT)) {
    if (sig != SIGUSR1 && sig != SIGUSR2) continue;
    const bool down = sig == SIGUSR1;
    if (Status s = (*broker)->SetDown(down); !s.ok()) {
      std::cerr << "bulwark broker: " << s.message() << std::endl;
    } else {
      std::cerr << "bulwark broker: " << (down ? "down" : "up") << std::endl;
    }
  }
  return kExitOk;
}

Command BrokerCommand() {
  return {{"broker"},
          "a loopback Kafka-protocol broker for tests and demos",
          kUsage,
          kOptions,
          &Broker};
}

}  // namespace bulwark::cli
