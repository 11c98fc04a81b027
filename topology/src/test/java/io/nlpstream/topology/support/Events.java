package io.nlpstream.topology.support;

import io.nlpstream.schemas.avro.TextEvent;
import java.time.Instant;
import java.util.Map;

/** Test events. */
public final class Events {
    private Events() {
    }

    public static TextEvent text(String id, String text) {
        return TextEvent.newBuilder().setId(id).setText(text).setMetadata(Map.of("src", "test")).build();
    }

    public static TextEvent question(String id, String text, String question) {
        return TextEvent.newBuilder(text(id, text)).setQuestion(question).setLanguage("en")
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build();
    }
}
