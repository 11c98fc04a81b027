package io.nlpstream.topology;

import io.nlpstream.topology.deadletter.DeadLetterDeserializationHandler;
import io.nlpstream.topology.deadletter.DeadLetterHandlerConfig;
import io.nlpstream.topology.deadletter.DeadLetterProcessingHandler;
import io.nlpstream.topology.deadletter.DeadLetterProductionHandler;
import io.nlpstream.topology.deadletter.DeadLetterRoutes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties an enrichment topology runs with: exactly-once v2, the dead-letter exception
 * handlers and their routes, and a poll interval that covers the slowest possible micro-batch flush.
 */
public final class StreamsConfigs {
    /** {@code max.poll.interval.ms} is at least this many times the longest flush (max wait + model timeout). */
    static final int POLL_INTERVAL_HEADROOM = 3;

    private StreamsConfigs() {
    }

    /**
     * Everything the topology needs; callers add their own (TLS, state dir, threads) on top.
     *
     * @param listener handed to the exception handlers through the config (an object value)
     */
    public static Properties forTopology(String applicationId, String bootstrapServers, EnrichmentSettings settings,
                                         TopologyListener listener) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                (int) minPollInterval(settings).toMillis());
        withDeadLetterHandlers(props, deadLetterRoutes(settings), listener);
        return props;
    }

    /** Sets the three dead-letter exception handlers, their routes and the listener they report to. */
    public static Properties withDeadLetterHandlers(Properties props, DeadLetterRoutes routes,
                                                    TopologyListener listener) {
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        // The global response-base store's processor too (the Kafka 5.0 default).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(DeadLetterHandlerConfig.ROUTES, routes.encode());
        props.put(DeadLetterHandlerConfig.LISTENER, listener);
        return props;
    }

    /** Each pipeline's input and output topics to its dead-letter topic. */
    public static DeadLetterRoutes deadLetterRoutes(EnrichmentSettings settings) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (PipelineSettings p : settings.pipelines()) {
            for (String input : p.inputTopics()) {
                routes.put(input, p.deadLetterTopic());
            }
            routes.put(p.outputTopic(), p.deadLetterTopic());
        }
        return new DeadLetterRoutes(routes);
    }

    /**
     * A poll interval comfortably above the longest flush: a flush waits at most its batch timeout, and a batch
     * is at most {@code maxWait} old when it starts; never below Kafka's default of 5 minutes.
     */
    public static Duration minPollInterval(EnrichmentSettings settings) {
        Duration longest = Duration.ZERO;
        for (PipelineSettings p : settings.pipelines()) {
            Duration flush = p.batch().maxWait().plus(p.batch().timeout());
            if (flush.compareTo(longest) > 0) {
                longest = flush;
            }
        }
        if (settings.responseBase() != null) {
            Duration embed = settings.responseBase().embedTimeout();
            if (embed.compareTo(longest) > 0) {
                longest = embed;
            }
        }
        Duration wanted = longest.multipliedBy(POLL_INTERVAL_HEADROOM);
        Duration kafkaDefault = Duration.ofMinutes(5);
        return wanted.compareTo(kafkaDefault) > 0 ? wanted : kafkaDefault;
    }
}
