// A sink that produces each record to a Kafka topic or an Event Hub. Accepted = the broker
// acknowledged every record of the batch (acks=all, idempotent producer).
#ifndef BULWARK_ADAPTERS_SINKS_KAFKA_SINK_H_
#define BULWARK_ADAPTERS_SINKS_KAFKA_SINK_H_

#include "eventhubs/kafka_config.h"
#include "sinks/sink.h"

namespace bulwark::sinks {

Result<std::unique_ptr<Sink>> MakeKafkaSink(const eventhubs::KafkaEndpoint& endpoint,
                                            const std::string& topic, int timeout_ms = 30000);

}  // namespace bulwark::sinks

#endif  // BULWARK_ADAPTERS_SINKS_KAFKA_SINK_H_
