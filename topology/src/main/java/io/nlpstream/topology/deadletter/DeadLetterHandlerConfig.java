package io.nlpstream.topology.deadletter;

import io.nlpstream.topology.TopologyListener;
import java.util.Map;

/**
 * What the dead-letter exception handlers read from the streams config: the routes (a string) and, optionally,
 * the listener instance (Kafka hands handlers the original config values, objects included).
 */
public record DeadLetterHandlerConfig(DeadLetterRoutes routes, TopologyListener listener) {
    /** Streams config key of the encoded {@link DeadLetterRoutes}. */
    public static final String ROUTES = "nlpstream.dead-letter.routes";
    /** Streams config key of a {@link TopologyListener} instance. */
    public static final String LISTENER = "nlpstream.topology.listener";
    /** The pipeline name the handlers report to {@link TopologyListener#deadLetter}. */
    public static final String HANDLER_PIPELINE = "streams-handler";

    public static DeadLetterHandlerConfig from(Map<String, ?> configs) {
        Object routes = configs.get(ROUTES);
        Object listener = configs.get(LISTENER);
        return new DeadLetterHandlerConfig(DeadLetterRoutes.decode(routes == null ? null : routes.toString()),
                listener instanceof TopologyListener l ? l : TopologyListener.NO_OP);
    }
}
