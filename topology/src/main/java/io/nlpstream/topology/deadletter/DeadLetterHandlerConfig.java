package io.nlpstream.topology.deadletter;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the dead-letter exception handlers read from the streams config: the routes (a string), optionally the
 * listener instance (Kafka hands handlers the original config values, objects included), the application id (whose
 * prefix marks Kafka Streams' internal topics) and whether the guarantee is exactly-once.
 */
public record DeadLetterHandlerConfig(DeadLetterRoutes routes, DeadLetterListener listener, String applicationId,
                                      boolean exactlyOnce) {
    /** Streams config key of the encoded {@link DeadLetterRoutes}. */
    public static final String ROUTES = "nlpstream.dead-letter.routes";
    /** Streams config key of a {@link DeadLetterListener} instance (the topology's listener is one). */
    public static final String LISTENER = "nlpstream.topology.listener";
    /** The pipeline name the handlers report to {@link DeadLetterListener#deadLetter}. */
    public static final String HANDLER_PIPELINE = "streams-handler";

    private static final DeadLetterListener NO_OP = new DeadLetterListener() {
    };

    public static DeadLetterHandlerConfig from(Map<String, ?> configs) {
        Object routes = configs.get(ROUTES);
        Object listener = configs.get(LISTENER);
        Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        Object guarantee = configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        return new DeadLetterHandlerConfig(DeadLetterRoutes.decode(routes == null ? null : routes.toString()),
                listener instanceof DeadLetterListener l ? l : NO_OP,
                applicationId == null ? null : applicationId.toString(),
                guarantee != null && guarantee.toString().startsWith("exactly_once"));
    }

    /** Whether {@code topic} is one of Kafka Streams' internal topics of this application (changelog, repartition). */
    public boolean isInternal(String topic) {
        return applicationId != null && topic != null && topic.startsWith(applicationId + "-")
                && (topic.endsWith("-changelog") || topic.endsWith("-repartition"));
    }

    /** Whether {@code topic} is a dead-letter topic of some pipeline. */
    public boolean isDeadLetterTopic(String topic) {
        return routes.byTopic().containsValue(topic);
    }
}
