package io.nlpstream.app.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micronaut.context.env.Environment;
import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.KafkaPassThrough;
import io.nlpstream.app.config.KafkaProperties;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.topology.EnrichmentTopology;
import io.nlpstream.topology.InvalidTopologySettingsException;
import io.nlpstream.topology.StreamsConfigs;
import io.nlpstream.topology.ranking.ResponseBaseView;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the service's {@link KafkaStreams}: builds the enrichment topology from the plan, starts it once the models
 * are warm, reports its state, and closes it within {@code kafka.close-timeout} (before the models are closed).
 */
@Singleton
public final class StreamsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

    /** {@code kafka.processing-guarantee} values. */
    enum Guarantee {
        EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2), AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

        final String value;

        Guarantee(String value) {
            this.value = value;
        }
    }

    private final KafkaProperties kafka;
    private final EnrichmentPlan plan;
    private final ServiceMetrics metrics;
    private final Properties properties;
    private final UncaughtPolicy uncaughtPolicy;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaStreams streams;
    private volatile boolean closing;

    public StreamsRunner(KafkaProperties kafka, Environment environment, EnrichmentPlan plan, ServiceMetrics metrics) {
        this.kafka = kafka;
        this.plan = plan;
        this.metrics = metrics;
        this.uncaughtPolicy = ConfigValues.enumValue("kafka.uncaught-exception-policy",
                kafka.getUncaughtExceptionPolicy(), UncaughtPolicy.class);
        this.properties = streamsProperties(kafka, KafkaPassThrough.read(environment), plan, metrics);
    }

    /** Everything Kafka Streams runs with; pass-through {@code kafka.properties} come last and win. */
    static Properties streamsProperties(KafkaProperties kafka, Map<String, String> passThrough, EnrichmentPlan plan,
                                        ServiceMetrics metrics) {
        Properties props = StreamsConfigs.forTopology(
                ConfigValues.required("kafka.application-id", kafka.getApplicationId()),
                ConfigValues.required("kafka.bootstrap-servers", kafka.getBootstrapServers()),
                plan.settings(), metrics);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, ConfigValues.enumValue("kafka.processing-guarantee",
                kafka.getProcessingGuarantee(), Guarantee.class).value);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                ConfigValues.atLeast("kafka.num-stream-threads", kafka.getNumStreamThreads(), 1));
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(ConfigValues.required("kafka.state-dir",
                kafka.getStateDir())).toAbsolutePath().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, kafka.getReplicationFactor());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafka.getCommitInterval().toMillis());
        props.putAll(passThrough);
        try {
            StreamsConfigs.requireFits(props, plan.settings());
        } catch (InvalidTopologySettingsException e) {
            throw new InvalidConfigurationException("kafka.properties." + e.getMessage() + ".", e);
        }
        return props;
    }

    /** Builds the topology and starts the stream threads; returns at once (state moves to RUNNING later). */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("Kafka Streams already started");
        }
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        EnrichmentTopology.build(builder, plan.settings(), plan.models(), metrics);
        Topology topology = builder.build(properties);
        LOG.debug("Topology:\n{}", topology.describe());
        KafkaStreams created = new KafkaStreams(topology, properties);
        created.setUncaughtExceptionHandler(e -> {
            LOG.error("Uncaught exception in a stream thread; policy {}", uncaughtPolicy, e);
            return uncaughtPolicy.response;
        });
        created.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if ((now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) && !closing) {
                stopped.countDown();
            }
        });
        streams = created;
        created.start();
        LOG.info("Kafka Streams started: application {} on {} ({} pipeline(s), {})", kafka.getApplicationId(),
                kafka.getBootstrapServers(), plan.settings().pipelines().size(),
                properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    /** The current state, or {@code null} before {@link #start()}. */
    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? null : s.state();
    }

    public boolean isRunning() {
        return state() == KafkaStreams.State.RUNNING;
    }

    /** The running instance, for interactive queries and metrics. */
    public Optional<KafkaStreams> streams() {
        return Optional.ofNullable(streams);
    }

    public EnrichmentPlan plan() {
        return plan;
    }

    /** The cached response base, when one is configured and the streams are running. */
    public Optional<ResponseBaseView> responseBase(String modelVersion) {
        KafkaStreams s = streams;
        if (s == null || plan.settings().responseBase() == null || s.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        return Optional.of(ResponseBaseView.of(s, modelVersion));
    }

    /** Blocks until Kafka Streams stops by itself (ERROR, or a shutdown requested by the uncaught policy). */
    public boolean awaitUnexpectedStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public synchronized void close() {
        KafkaStreams s = streams;
        if (s == null || closing) {
            return;
        }
        closing = true;
        long start = System.nanoTime();
        // Leaving the group hands this instance's partitions over at once; static members (group.instance.id)
        // keep their assignment across a restart instead, which is what static membership is for.
        boolean staticMember = properties.stringPropertyNames().stream().anyMatch(k -> k.endsWith("group.instance.id"));
        boolean clean = s.close(CloseOptions.timeout(kafka.getCloseTimeout()).withGroupMembershipOperation(
                staticMember ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        LOG.info("Kafka Streams closed {} in {} ms", clean ? "cleanly" : "after the timeout",
                (System.nanoTime() - start) / 1_000_000);
        stopped.countDown();
    }
}
