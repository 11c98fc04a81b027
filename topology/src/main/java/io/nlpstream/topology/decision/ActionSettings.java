package io.nlpstream.topology.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A declared action (rules may only name declared actions and {@value DecisionSettings#ALLOW}) and where its records
 * go besides, or instead of, the pipeline's output.
 *
 * @param topic {@code null} when the action routes nowhere (its records go to the output only)
 */
public record ActionSettings(String name, String topic, RouteMode mode) {
    public ActionSettings {
        Objects.requireNonNull(mode, "mode");
    }

    public Optional<String> routeTopic() {
        return Optional.ofNullable(topic);
    }

    /** The topics the action's records are written to: the pipeline's output and/or the action's topic. */
    public List<String> destinations(String outputTopic) {
        List<String> topics = new ArrayList<>(2);
        if (keepsOutput()) {
            topics.add(outputTopic);
        }
        routeTopic().ifPresent(topics::add);
        return topics;
    }

    /** Whether the action's records go to the pipeline's output. */
    public boolean keepsOutput() {
        return topic == null || mode == RouteMode.COPY;
    }
}
