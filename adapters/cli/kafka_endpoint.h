// The Kafka-protocol endpoint of a config section (source or kafka sink), for the eventhubs
// layer: shared by `run` and `doctor` so that both connect the same way.
#ifndef BULWARK_ADAPTERS_CLI_KAFKA_ENDPOINT_H_
#define BULWARK_ADAPTERS_CLI_KAFKA_ENDPOINT_H_

#include "cli/runtime_config.h"
#include "eventhubs/kafka_config.h"

namespace bulwark::cli {

inline eventhubs::KafkaEndpoint KafkaEndpointOf(const EndpointConfig& c) {
  eventhubs::KafkaEndpoint e;
  e.eventhubs_namespace = c.eventhubs_namespace;
  e.connection_string_env = c.connection_string_env;
  e.bootstrap_servers = c.bootstrap_servers;
  e.properties = c.properties;
  return e;
}

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_KAFKA_ENDPOINT_H_
