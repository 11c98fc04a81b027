package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.TextEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Plain JSON serdes for the two event types; both directions use the same mapping, so they round-trip. */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    /** Input events: strict {@link JsonTextEventDeserializer}, and a serializer for producing test input. */
    public static Serde<TextEvent> textEvents() {
        return Serdes.serdeFrom(new JsonRecordSerializer<>(TextEvent.class), new JsonTextEventDeserializer());
    }

    /** Output events: {@link JsonEnrichedEventSerializer}, and a deserializer for reading JSON output topics. */
    public static Serde<EnrichedTextEvent> enrichedEvents() {
        return Serdes.serdeFrom(new JsonEnrichedEventSerializer(), new JsonRecordDeserializer<>(EnrichedTextEvent.class));
    }
}
