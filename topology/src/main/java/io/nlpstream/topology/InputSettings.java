package io.nlpstream.topology;

import java.util.Objects;

/** One input topic of a pipeline; its value format is resolved to a deserializer by {@link EventSerdes}. */
public record InputSettings(String topic) {
    public InputSettings {
        Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new InvalidTopologySettingsException("input topic must not be blank");
        }
    }
}
