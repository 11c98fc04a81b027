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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties an enrichment topology runs with: exactly-once v2, the dead-letter exception
 * handlers and their routes, a poll interval and a transaction timeout that cover the slowest possible micro-batch
 * flush, and a producer that accepts the largest record a pipeline writes.
 */
public final class StreamsConfigs {
    /**
     * {@code max.poll.interval.ms} is at least this many times the longest flush (max wait + queue timeout + model
     * timeout).
     */
    static final int POLL_INTERVAL_HEADROOM = 3;
    /**
     * {@code transaction.timeout.ms} is at least this many times the longest flush. Between two commits the stream
     * thread may wait once per task for its oldest in-flight batch (which was submitted before the round began, so
     * these waits overlap) and once more in an idle punctuation for a batch submitted in that round: two flushes
     * at most, plus headroom.
     */
    static final int TRANSACTION_TIMEOUT_HEADROOM = 3;
    /** Kafka Streams' own {@code transaction.timeout.ms} under exactly-once, kept when it is enough. */
    static final Duration KAFKA_STREAMS_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    /** Kafka's default {@code max.request.size}, kept when it is enough. */
    static final int KAFKA_MAX_REQUEST_SIZE = 1024 * 1024;

    private StreamsConfigs() {
    }

    /**
     * Everything the topology needs; callers add their own (TLS, state dir, threads) on top, and check the result
     * with {@link #requireFits} when they let users override Kafka properties.
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
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) transactionTimeout(settings).toMillis());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), maxRequestSize(settings));
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
     * The longest the stream thread may wait in one flush: a batch is at most {@code maxWait} old when it is
     * submitted, waits at most {@code queueTimeout} for the models to start it (or is handed back) and runs at most
     * {@code timeout} ({@link BatchSettings#longestWait()}); a response-base update waits at most its embed timeout.
     */
    public static Duration longestFlush(EnrichmentSettings settings) {
        Duration longest = Duration.ZERO;
        for (PipelineSettings p : settings.pipelines()) {
            Duration flush = p.batch().longestWait();
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
        return longest;
    }

    /** A poll interval comfortably above the longest flush; never below Kafka's default of 5 minutes. */
    public static Duration minPollInterval(EnrichmentSettings settings) {
        Duration wanted = longestFlush(settings).multipliedBy(POLL_INTERVAL_HEADROOM);
        Duration kafkaDefault = Duration.ofMinutes(5);
        return wanted.compareTo(kafkaDefault) > 0 ? wanted : kafkaDefault;
    }

    /**
     * The {@code transaction.timeout.ms} exactly-once needs: a transaction stays open from the first record written
     * after a commit to the next commit, and the stream thread may wait for batches in between, so a timeout below
     * that would let the coordinator abort the transaction and fence the producer (the task migrates and the same
     * work is redone, possibly forever). Kafka Streams' 10 s when that is enough.
     */
    public static Duration transactionTimeout(EnrichmentSettings settings) {
        Duration wanted = longestFlush(settings).multipliedBy(TRANSACTION_TIMEOUT_HEADROOM);
        return wanted.compareTo(KAFKA_STREAMS_TRANSACTION_TIMEOUT) > 0 ? wanted : KAFKA_STREAMS_TRANSACTION_TIMEOUT;
    }

    /**
     * The least {@code close-timeout} that lets a stopping instance's stream threads finish the batch they wait for
     * (the longest flush) before the models close: anything shorter closes the models under a waiting thread.
     */
    public static Duration minCloseTimeout(EnrichmentSettings settings) {
        return longestFlush(settings).plus(CLOSE_MARGIN);
    }

    /** Time for the commit and the group leave that follow the last flush of a closing stream thread. */
    static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);

    /** The producer's {@code max.request.size}: Kafka's 1 MiB unless a pipeline may write larger records. */
    public static int maxRequestSize(EnrichmentSettings settings) {
        return Math.max(KAFKA_MAX_REQUEST_SIZE, maxRecordBytes(settings));
    }

    /** The largest record any pipeline writes (see {@link EventLimits#maxRecordBytes()}). */
    public static int maxRecordBytes(EnrichmentSettings settings) {
        return settings.pipelines().stream().mapToInt(p -> p.limits().maxRecordBytes()).max().orElse(0);
    }

    /**
     * Checks properties assembled from {@link #forTopology} and user overrides: under exactly-once the transaction
     * timeout must cover {@link #transactionTimeout}, and the producer must accept the largest record.
     *
     * @throws InvalidTopologySettingsException naming the property, its value and what the settings need
     */
    public static void requireFits(Properties props, EnrichmentSettings settings) {
        String guarantee = String.valueOf(props.getOrDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.AT_LEAST_ONCE));
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            long needed = transactionTimeout(settings).toMillis();
            long set = longValue(props, StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                    KAFKA_STREAMS_TRANSACTION_TIMEOUT.toMillis());
            if (set < needed) {
                throw new InvalidTopologySettingsException("producer.transaction.timeout.ms is " + set
                        + " ms, below the " + needed + " ms the batch settings need (" + TRANSACTION_TIMEOUT_HEADROOM
                        + " x the longest batch.max-wait + batch.queue-timeout + batch.timeout): a slow batch would get"
                        + " the producer fenced");
            }
        }
        long maxRequest = longValue(props, StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                KAFKA_MAX_REQUEST_SIZE);
        if (maxRequest < maxRecordBytes(settings)) {
            throw new InvalidTopologySettingsException("producer.max.request.size is " + maxRequest
                    + " bytes, below the " + maxRecordBytes(settings) + " bytes the largest record a pipeline writes"
                    + " may take (limits.max-event-bytes + " + EventLimits.RECORD_OVERHEAD_BYTES + ")");
        }
    }

    private static long longValue(Properties props, String key, long fallback) {
        Object value = props.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new InvalidTopologySettingsException(key + " is not a number: '" + value + "'");
        }
    }
}
