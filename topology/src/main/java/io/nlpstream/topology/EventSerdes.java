package io.nlpstream.topology;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value formats of a topology's topics, chosen by the application (JSON or Confluent Avro). Inputs are
 * consumed as bytes and decoded inside the topology with {@link #inputDeserializer}, so a record that fails to
 * decode can be dead-lettered with its original bytes; outputs are serialized inside the topology too, so a
 * record that fails to serialize is dead-lettered with its own original bytes.
 */
public interface EventSerdes {

    /**
     * Called once per input topic while the topology is built; the deserializer is shared by every task and stream
     * thread reading that topic, so it must be thread-safe. It signals failures with the schemas module's typed
     * exceptions, which decide the dead-letter reason.
     */
    Deserializer<TextEvent> inputDeserializer(InputSettings input);

    /** Called once per pipeline while the topology is built; its serializer is shared (thread-safe) by all tasks. */
    Serde<EnrichedTextEvent> outputSerde(PipelineSettings pipeline);

    /** One format everywhere. */
    static EventSerdes of(Deserializer<TextEvent> input, Serde<EnrichedTextEvent> output) {
        return new EventSerdes() {
            @Override
            public Deserializer<TextEvent> inputDeserializer(InputSettings in) {
                return input;
            }

            @Override
            public Serde<EnrichedTextEvent> outputSerde(PipelineSettings pipeline) {
                return output;
            }
        };
    }
}
