package io.nlpstream.topology.enrich;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One serialized copy of an enriched event and the topic it goes to: the pipeline's output, an action's route
 * topic, or both (two deliveries of one event, forwarded in the same task and so in the same transaction).
 */
public record Delivery(String topic, byte[] value) {
    /** Writes a delivery's bytes; the sink reads the topic from the delivery itself. */
    public static Serde<Delivery> valueSerde() {
        Serializer<Delivery> serializer = (topic, delivery) -> delivery.value();
        Deserializer<Delivery> deserializer = (topic, bytes) -> {
            throw new UnsupportedOperationException("deliveries are only written");
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
