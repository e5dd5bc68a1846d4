#include "eventhubs/kafka_config.h"

#include <cstdlib>

namespace bulwark::eventhubs {

std::string EventHubsBootstrap(const std::string& ns) {
  std::string host = ns;
  if (host.find('.') == std::string::npos) host += ".servicebus.windows.net";
  if (host.find(':') == std::string::npos) host += ":9093";
  return host;
}

Result<RdConf> MakeKafkaConf(const KafkaEndpoint& endpoint,
                             const std::map<std::string, std::string>& extra) {
  RdConf conf(rd_kafka_conf_new());
  char err[512];
  auto set = [&](const std::string& k, const std::string& v) -> Status {
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      return Status::InvalidArgument("kafka property '" + k + "': " + err);
    }
    return Status::Ok();
  };
  std::map<std::string, std::string> props;
  if (!endpoint.eventhubs_namespace.empty()) {
    if (endpoint.connection_string_env.empty()) {
      return Status::InvalidArgument("an Event Hubs source needs connection_string_env");
    }
    const char* cs = std::getenv(endpoint.connection_string_env.c_str());
    if (cs == nullptr || *cs == '\0') {
      return Status::InvalidArgument("environment variable " + endpoint.connection_string_env +
                                     " (the Event Hubs connection string) is not set");
    }
    props["bootstrap.servers"] = EventHubsBootstrap(endpoint.eventhubs_namespace);
    props["security.protocol"] = "SASL_SSL";
    props["sasl.mechanisms"] = "PLAIN";
    props["sasl.username"] = "$ConnectionString";
    props["sasl.password"] = cs;
    // Event Hubs closes idle connections after 240 s; its documented client settings.
    props["socket.keepalive.enable"] = "true";
    props["metadata.max.age.ms"] = "180000";
    props["connections.max.idle.ms"] = "180000";
  } else if (!endpoint.bootstrap_servers.empty()) {
    props["bootstrap.servers"] = endpoint.bootstrap_servers;
  } else {
    return Status::InvalidArgument(
        "no Kafka endpoint: give an Event Hubs namespace or bootstrap servers");
  }
  for (const auto& [k, v] : extra) props[k] = v;
  for (const auto& [k, v] : endpoint.properties) props[k] = v;
  for (const auto& [k, v] : props) {
    if (Status s = set(k, v); !s.ok()) return s;
  }
  return conf;
}

}  // namespace bulwark::eventhubs
