// KafkaEndpoint: where a Kafka-protocol client connects, and how. Either an Azure Event Hubs
// namespace (its Kafka endpoint: <namespace>.servicebus.windows.net:9093, SASL_SSL, PLAIN,
// username "$ConnectionString", password = the connection string from an environment
// variable) or plain bootstrap servers for any other Kafka-protocol broker.
#ifndef BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONFIG_H_
#define BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONFIG_H_

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>

#include "bulwark/status.h"

namespace bulwark::eventhubs {

struct KafkaEndpoint {
  std::string eventhubs_namespace;    // "contoso-dlp" or "contoso-dlp.servicebus.windows.net"
  std::string connection_string_env;  // variable holding the Event Hubs connection string
  std::string bootstrap_servers;      // used when eventhubs_namespace is empty
  std::map<std::string, std::string> properties;  // extra librdkafka properties, applied last
};

struct RdConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
using RdConf = std::unique_ptr<rd_kafka_conf_t, RdConfDeleter>;

// A librdkafka configuration for `endpoint` plus `extra` properties. The connection string is
// read from the environment here and nowhere else; it is never logged.
Result<RdConf> MakeKafkaConf(const KafkaEndpoint& endpoint,
                             const std::map<std::string, std::string>& extra);

// "host:9093" for an Event Hubs namespace given with or without its domain.
std::string EventHubsBootstrap(const std::string& ns);

}  // namespace bulwark::eventhubs

#endif  // BULWARK_ADAPTERS_EVENTHUBS_KAFKA_CONFIG_H_
