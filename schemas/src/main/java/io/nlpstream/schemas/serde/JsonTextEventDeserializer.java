package io.nlpstream.schemas.serde;

import io.nlpstream.schemas.avro.TextEvent;

/**
 * Plain JSON input events: {@code {"id":..,"text":..,"question":..,"language":..,"eventTime":..,"metadata":{..}}}.
 * {@code id} and {@code text} are required and {@code id} must not be blank (an empty or blank {@code text} decodes,
 * so the topology rejects it as {@code EMPTY_TEXT} whatever the format); {@code question} and {@code language} are
 * optional strings; {@code eventTime} is optional epoch milliseconds or an ISO-8601 instant; {@code metadata} an
 * optional object of strings. Anything else raises {@link InvalidEventException} with the offending path.
 */
public class JsonTextEventDeserializer extends JsonRecordDeserializer<TextEvent> {
    public JsonTextEventDeserializer() {
        super(TextEvent.class);
    }

    @Override
    protected void validate(TextEvent event, String topic) {
        if (event.getId().isBlank()) {
            throw new InvalidEventException("invalid TextEvent JSON on topic " + topic + ": $.id must not be blank");
        }
    }
}
