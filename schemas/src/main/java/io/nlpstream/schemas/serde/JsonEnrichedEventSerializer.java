package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.avro.EnrichedTextEvent;

/** Enriched events as plain JSON, for {@code --dump} and JSON output topics; field names are the schema's. */
public class JsonEnrichedEventSerializer extends JsonRecordSerializer<EnrichedTextEvent> {
    public JsonEnrichedEventSerializer() {
        super(EnrichedTextEvent.class);
    }
}
