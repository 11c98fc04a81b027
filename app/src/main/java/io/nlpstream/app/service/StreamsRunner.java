package io.nlpstream.app.service;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micronaut.context.env.Environment;
import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.KafkaPassThrough;
import io.nlpstream.app.config.KafkaSaslProperties;
import io.nlpstream.app.config.KafkaProperties;
import io.nlpstream.app.config.LivenessProperties;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.topology.assembly.EnrichmentTopology;
import io.nlpstream.topology.InvalidTopologySettingsException;
import io.nlpstream.topology.StreamsConfigs;
import io.nlpstream.topology.ranking.ResponseBaseView;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the service's {@link KafkaStreams}: builds the enrichment topology from the plan, checks the cluster
 * ({@link StartupChecks}), starts it once the models are warm, watches the dead-letter topics while it runs
 * ({@link DeadLetterTopicWatch}, which pauses processing through {@link ProcessingPauses}), pauses it while the
 * schema registry cannot be reached or refuses the credentials ({@link RegistryWatch}), reports its state and its
 * last stream-thread failure, and closes it within {@code kafka.close-timeout} (before the models are closed).
 */
@Singleton
public final class StreamsRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    /** How long a start-up check or a dead-letter topic check waits for the cluster. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(15);

    /** A stream thread's failure: when, and what it said (its messages and causes, on one line). */
    public record StreamFailure(Instant at, String description) {
        static StreamFailure of(Throwable error) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
                String message = t.getMessage() == null ? t.getClass().getSimpleName()
                        : t.getClass().getSimpleName() + ": " + t.getMessage();
                if (text.indexOf(message) < 0) {
                    text.append(text.isEmpty() ? "" : " <- ").append(message);
                }
            }
            String line = text.toString().replaceAll("\\s+", " ").trim();
            return new StreamFailure(Instant.now(), line.length() <= 600 ? line : line.substring(0, 600) + "...");
        }
    }

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
    private KafkaStreamsMetrics streamsMetrics;
    private final Properties properties;
    private final UncaughtPolicy uncaughtPolicy;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ProcessingPauses pauses = new ProcessingPauses();
    private volatile KafkaStreams streams;
    private volatile boolean closing;
    private volatile StreamFailure lastFailure;
    private final ThreadReplacements replacements;
    private final Duration closeTimeout;
    private Admin admin;
    private DeadLetterTopicWatch deadLetterWatch;
    private final RegistryWatch registryWatch;

    public StreamsRunner(KafkaProperties kafka, KafkaSaslProperties sasl, LivenessProperties liveness,
                         Environment environment, EnrichmentPlan plan, ServiceMetrics metrics,
                         RegistryClientHolder registry) {
        this.kafka = kafka;
        this.registryWatch = new RegistryWatch(registry.current()
                .map(RegistryWatch.Probe::of)
                .orElse(() -> {
                }), pauses);
        this.plan = plan;
        this.metrics = metrics;
        this.uncaughtPolicy = ConfigValues.enumValue("kafka.uncaught-exception-policy",
                kafka.getUncaughtExceptionPolicy(), UncaughtPolicy.class);
        this.replacements = new ThreadReplacements(liveness.getThreadReplacementWindow());
        this.closeTimeout = closeTimeout(kafka.getCloseTimeout(), plan);
        // kafka.sasl.* first, so that Kafka's own keys in kafka.properties.* still win.
        Map<String, String> client = new TreeMap<>(KafkaSasl.clientProperties(sasl));
        client.putAll(KafkaPassThrough.read(environment));
        this.properties = streamsProperties(kafka, client, plan, metrics);
    }

    /**
     * {@code kafka.close-timeout}, or when unset the least the batch settings allow. A close that gives up while a
     * stream thread still waits for a batch would close the models under it (the batch is then handed back, never
     * dead-lettered, but the stop is no longer clean): a configured close timeout must cover the longest batch wait.
     */
    static Duration closeTimeout(Duration configured, EnrichmentPlan plan) {
        Duration least = StreamsConfigs.minCloseTimeout(plan.settings());
        if (configured == null) {
            return least;
        }
        if (configured.compareTo(least) < 0) {
            throw new InvalidConfigurationException("kafka.close-timeout is " + configured.toMillis()
                    + " ms but must be at least " + least.toMillis() + " ms: the longest a stream thread waits for"
                    + " a batch (batch.max-wait + batch.queue-timeout + batch.timeout, "
                    + StreamsConfigs.longestFlush(plan.settings()).toMillis() + " ms) plus "
                    + (least.toMillis() - StreamsConfigs.longestFlush(plan.settings()).toMillis())
                    + " ms to commit and leave the group, so that the streams stop before the models close.");
        }
        return configured;
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
        admin = Admin.create(new StreamsConfig(properties).getAdminConfigs(kafka.getApplicationId() + "-checks"));
        ClusterChecks checks = new ClusterChecks(admin, CHECK_TIMEOUT);
        try {
            StartupChecks.run(checks, plan.settings(), properties);
        } catch (RuntimeException e) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
            throw e;
        }
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(properties)));
        EnrichmentTopology.build(builder, plan.settings(), plan.models(), metrics);
        Topology topology = builder.build(properties);
        LOG.debug("Topology:\n{}", topology.describe());
        KafkaStreams created = new KafkaStreams(topology, properties);
        created.setUncaughtExceptionHandler(e -> {
            lastFailure = StreamFailure.of(e);
            if (registryWatch.onStreamFailure(e)) {
                // Not the stream's fault and nothing to restart for: the replaced thread waits, paused.
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("Uncaught exception in a stream thread; policy {}", uncaughtPolicy, e);
            if (uncaughtPolicy == UncaughtPolicy.REPLACE_THREAD) {
                replacements.record(Instant.now());
                metrics.streamThreadReplaced();
            }
            return uncaughtPolicy.response;
        });
        created.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if ((now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) && !closing) {
                stopped.countDown();
            }
        });
        streams = created;
        streamsMetrics = metrics.bindKafkaStreams(created);
        pauses.attach(created);
        created.start();
        deadLetterWatch = DeadLetterTopicWatch.of(checks, plan.settings(), pauses);
        deadLetterWatch.start();
        registryWatch.start();
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

    /** Why processing is paused, if it is. */
    public ProcessingPauses pauses() {
        return pauses;
    }

    /** Stream threads replaced after failing, for liveness. */
    public ThreadReplacements threadReplacements() {
        return replacements;
    }

    /** The last failure of a stream thread, if one failed. */
    public Optional<StreamFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
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
        if (deadLetterWatch != null) {
            deadLetterWatch.close();
        }
        registryWatch.close();
        long start = System.nanoTime();
        // Leaving the group hands this instance's partitions over at once; static members (group.instance.id)
        // keep their assignment across a restart instead, which is what static membership is for.
        boolean staticMember = properties.stringPropertyNames().stream().anyMatch(k -> k.endsWith("group.instance.id"));
        boolean clean = s.close(CloseOptions.timeout(closeTimeout).withGroupMembershipOperation(
                staticMember ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        LOG.info("Kafka Streams closed {} in {} ms", clean ? "cleanly" : "after the timeout",
                (System.nanoTime() - start) / 1_000_000);
        streamsMetrics.close();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        stopped.countDown();
    }
}
