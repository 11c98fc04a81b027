package io.nlpstream.tools.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.nlpstream.tools.bench.BenchResults.LoadPoint;
import io.nlpstream.tools.demo.DemoCorpus;
import io.nlpstream.tools.embedded.EmbeddedKafka;
import io.nlpstream.app.service.NlpStreamService;
import io.nlpstream.app.service.RunningService;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.runtime.SessionSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Our path, whole: the real service ({@link NlpStreamService}, as {@code run} starts it) with one pipeline that
 * ranks every event's text against a response base with the embedding model, JSON in and out, exactly-once, on the
 * embedded broker, its topics and result cache as its {@link Variant} says. {@link #drain} measures its maximum (a
 * burst of events far faster than inference), {@link #offer} its latency at a fixed rate; the service's own meters
 * say where the time went.
 */
final class EndToEndBench implements AutoCloseable {
    static final String MODEL = "embedder";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One instance of the service on the shared broker: its topics are named after {@code name}, and
     * {@code resultCache} turns the model's result cache on or off.
     */
    record Variant(String name, boolean resultCache) {
        /** The batching comparisons: every event runs the model, whatever the corpus repeats. */
        static final Variant UNCACHED = new Variant("e2e", false);

        String topic(String role) {
            return "bench-" + name + "-" + role;
        }
    }

    private final Variant variant;
    private final SessionSettings session;
    private final BatcherSettings batcher;
    private final KafkaPathSettings kafkaPath;
    private final KafkaLoadDriver driver;
    private final RunningService service;
    private final MeterRegistry meters;
    private ServiceMeters.Totals drained = ServiceMeters.Totals.ZERO;

    EndToEndBench(EmbeddedKafka kafka, String embeddingModel, List<String> texts, Path stateDir,
                  SessionSettings session, BatcherSettings batcher, KafkaPathSettings kafkaPath, Variant variant)
            throws InterruptedException {
        this.variant = variant;
        this.session = session;
        this.batcher = batcher;
        this.kafkaPath = kafkaPath;
        int partitions = kafkaPath.partitions();
        kafka.createTopics(List.of(EmbeddedKafka.topic(variant.topic("in"), partitions),
                EmbeddedKafka.topic(variant.topic("out"), partitions), EmbeddedKafka.topic(variant.topic("dlq"), 1),
                EmbeddedKafka.compactedTopic(variant.topic("response-base"), 1),
                EmbeddedKafka.compactedTopic(variant.topic("response-base-embeddings"), 1)));
        seedResponseBase(kafka.bootstrapServers(), variant.topic("response-base"));
        this.driver = new KafkaLoadDriver(kafka.bootstrapServers(), variant.topic("in"), variant.topic("out"),
                partitions, texts);
        RunningService started = null;
        try {
            started = NlpStreamService.start(properties(kafka.bootstrapServers(), embeddingModel, stateDir));
            started.awaitRunning(START_TIMEOUT);
            this.service = started;
            this.meters = started.applicationContext().getBean(MeterRegistry.class);
        } catch (RuntimeException | InterruptedException e) {
            if (started != null) {
                started.close();
            }
            driver.close();
            throw e;
        }
    }

    /** Sends {@code events} at once and measures how fast they come out (input far faster than inference). */
    Rate drain(String phase, int events) throws InterruptedException {
        ServiceMeters.Totals before = ServiceMeters.Totals.take(meters);
        OutputWatch.Phase burst = driver.backlog(phase, events);
        Rate rate = driver.drained(burst);
        drained = drained.plus(ServiceMeters.Totals.take(meters).minus(before));
        return rate;
    }

    /** Sends one event per text at once and measures how fast they come out. */
    Rate drain(String phase, List<String> burst) throws InterruptedException {
        return driver.drained(driver.backlog(phase, burst));
    }

    /** Where the service's time went over every {@link #drain} so far. */
    BenchResults.Breakdown drainBreakdown() {
        return drained.breakdown();
    }

    LoadPoint offer(String phase, double share, double ratePerSecond, Duration duration)
            throws InterruptedException {
        return driver.offer(phase, share, ratePerSecond, duration);
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            try {
                driver.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The service configuration: application.yml's shape, as {@code run --config} would give it. */
    Map<String, Object> properties(String bootstrapServers, String embeddingModel, Path stateDir) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("kafka.bootstrap-servers", bootstrapServers);
        p.put("kafka.application-id", "nlp-stream-bench-" + UUID.randomUUID().toString().substring(0, 8));
        p.put("kafka.state-dir", stateDir.toString());
        p.put("kafka.num-stream-threads", kafkaPath.streamThreads());
        p.put("kafka.commit-interval", kafkaPath.commitInterval().toMillis() + "ms");
        p.put("kafka.processing-guarantee", "exactly_once_v2");
        p.put("models.session.provider", session.provider().name().toLowerCase(java.util.Locale.ROOT));
        p.put("models.session.device-id", session.deviceId());
        p.put("models.session.intra-op-threads", session.intraOpThreads());
        p.put("models.session.inter-op-threads", session.interOpThreads());
        p.put("models.session.optimization", session.optimization().name());
        p.put("models.session.cuda-memory-limit", session.cudaMemoryLimitBytes());
        p.put("models.session.allow-spinning", String.valueOf(session.allowSpinning()));
        p.put("batching.max-batch-size", batcher.maxBatchSize());
        p.put("batching.max-batch-tokens", batcher.maxBatchTokens());
        p.put("batching.max-wait", batcher.maxWait().toMillis() + "ms");
        p.put("batching.queue-capacity", batcher.queueCapacity());
        p.put("batching.min-padding-efficiency", batcher.minPaddingEfficiency());
        p.put("batching.workers", batcher.workers());
        p.put("models.definitions." + MODEL + ".path", embeddingModel);
        p.put("models.definitions." + MODEL + ".pooling", "mean");
        p.put("models.definitions." + MODEL + ".normalize", true);
        p.put("models.definitions." + MODEL + ".cache-enabled", String.valueOf(variant.resultCache()));
        p.put("response-base.topic", variant.topic("response-base"));
        p.put("response-base.embeddings-topic", variant.topic("response-base-embeddings"));
        p.put("response-base.model", MODEL);
        p.put("response-base.top-k", PerRecordBench.TOP_K);
        p.put("pipelines", List.of(Map.of(
                "name", "bench",
                "inputs", List.of(Map.of("topic", variant.topic("in"), "format", "JSON")),
                "output", variant.topic("out"),
                "output-format", "JSON",
                "dead-letter", variant.topic("dlq"),
                "models", List.of(MODEL),
                "batch", Map.of("size", kafkaPath.microBatchSize(),
                        "max-wait", kafkaPath.microBatchWait().toMillis() + "ms"))));
        return p;
    }

    /** The demo's support answers: the same base the per-record consumer ranks against. */
    private static void seedResponseBase(String bootstrapServers, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (DemoCorpus.Response response : DemoCorpus.responseBase()) {
                ObjectNode doc = JSON.createObjectNode().put("text", response.text());
                producer.send(new ProducerRecord<>(topic, response.id().getBytes(StandardCharsets.UTF_8),
                        doc.toString().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
