package io.nlpstream.it.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record a scenario produces: the event id is the record key (so even a null value or garbage bytes can be
 * told apart in the output and dead-letter topics), the value is whatever bytes the scenario wants on the wire.
 */
public record Outgoing(String topic, String id, byte[] value) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A valid JSON input event {@code {"id", "text"}}. */
    public static Outgoing json(String topic, String id, String text) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("text", text);
        return new Outgoing(topic, id, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One JSON event per text, ids {@code <prefix>-00000}, {@code <prefix>-00001}, ... in text order. */
    public static List<Outgoing> jsonEvents(String topic, String prefix, List<String> texts) {
        List<Outgoing> events = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            events.add(json(topic, String.format("%s-%05d", prefix, i), texts.get(i)));
        }
        return events;
    }

    public static List<String> ids(List<Outgoing> events) {
        return events.stream().map(Outgoing::id).toList();
    }

    public byte[] key() {
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
