package io.nlpstream.topology.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which dead-letter topic serves which source or output topic, for the Kafka Streams exception handlers (which
 * know only topic names). Travels through the streams config as one string {@code topic=dlq,topic=dlq}; Kafka topic
 * names cannot contain {@code =} or {@code ,}.
 */
public record DeadLetterRoutes(Map<String, String> byTopic) {
    public DeadLetterRoutes {
        byTopic = Map.copyOf(byTopic);
    }

    public Optional<String> deadLetterTopicFor(String topic) {
        return topic == null ? Optional.empty() : Optional.ofNullable(byTopic.get(topic));
    }

    public String encode() {
        return byTopic.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    public static DeadLetterRoutes decode(String encoded) {
        Map<String, String> routes = new LinkedHashMap<>();
        if (encoded != null && !encoded.isBlank()) {
            for (String pair : encoded.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException("dead-letter route '" + pair + "' is not topic=dlq-topic");
                }
                routes.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new DeadLetterRoutes(routes);
    }
}
