package io.nlpstream.app.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.nlpstream.app.bench.BenchResults.EndToEnd;
import io.nlpstream.app.bench.BenchResults.LoadPoint;
import io.nlpstream.app.demo.DemoCorpus;
import io.nlpstream.app.embedded.EmbeddedKafka;
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
 * embedded broker. First a backlog drains (the maximum), then load is offered at shares of that maximum (latency).
 */
final class EndToEndBench {
    static final String INPUT = "bench-e2e-in";
    static final String OUTPUT = "bench-e2e-out";
    static final String DEAD_LETTERS = "bench-e2e-dlq";
    static final String RESPONSE_BASE = "bench-response-base";
    static final String EMBEDDINGS = "bench-response-base-embeddings";
    static final String MODEL = "embedder";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionSettings session;
    private final BatcherSettings batcher;
    private final KafkaPathSettings kafkaPath;
    private final BenchPlan plan;

    EndToEndBench(SessionSettings session, BatcherSettings batcher, KafkaPathSettings kafkaPath, BenchPlan plan) {
        this.session = session;
        this.batcher = batcher;
        this.kafkaPath = kafkaPath;
        this.plan = plan;
    }

    EndToEnd measure(EmbeddedKafka kafka, String embeddingModel, List<String> texts, Path stateDir,
                     HeapWatch heap) throws InterruptedException {
        int partitions = kafkaPath.partitions();
        kafka.createTopics(List.of(EmbeddedKafka.topic(INPUT, partitions), EmbeddedKafka.topic(OUTPUT, partitions),
                EmbeddedKafka.topic(DEAD_LETTERS, 1), EmbeddedKafka.compactedTopic(RESPONSE_BASE, 1),
                EmbeddedKafka.compactedTopic(EMBEDDINGS, 1)));
        seedResponseBase(kafka.bootstrapServers());
        try (KafkaLoadDriver driver = new KafkaLoadDriver(kafka.bootstrapServers(), INPUT, OUTPUT, partitions,
                texts)) {
            OutputWatch.Phase backlog = driver.backlog("max", plan.backlogEvents());
            try (RunningService service = NlpStreamService.start(
                    properties(kafka.bootstrapServers(), embeddingModel, stateDir))) {
                service.awaitRunning(START_TIMEOUT);
                MeterRegistry meters = service.applicationContext().getBean(MeterRegistry.class);
                ServiceMeters.Snapshot before = ServiceMeters.Snapshot.take(meters);
                Rate max = driver.drained(backlog);
                BenchResults.Breakdown drain = ServiceMeters.Snapshot.take(meters).since(before);
                List<LoadPoint> points = new ArrayList<>();
                for (double share : BenchPlan.LATENCY_LOADS) {
                    points.add(driver.offer("load" + Math.round(share * 100), share, share * max.perSecond(),
                            plan.latencyRun()));
                }
                return new EndToEnd(max, drain, points, heap.peakBytes(), partitions, kafkaPath.streamThreads(),
                        kafkaPath.microBatchSize());
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
        p.put("models.definitions." + MODEL + ".path", embeddingModel);
        p.put("models.definitions." + MODEL + ".pooling", "mean");
        p.put("models.definitions." + MODEL + ".normalize", true);
        p.put("response-base.topic", RESPONSE_BASE);
        p.put("response-base.embeddings-topic", EMBEDDINGS);
        p.put("response-base.model", MODEL);
        p.put("response-base.top-k", PerRecordBench.TOP_K);
        p.put("pipelines", List.of(Map.of(
                "name", "bench",
                "inputs", List.of(Map.of("topic", INPUT, "format", "JSON")),
                "output", OUTPUT,
                "output-format", "JSON",
                "dead-letter", DEAD_LETTERS,
                "models", List.of(MODEL),
                "batch", Map.of("size", kafkaPath.microBatchSize(),
                        "max-wait", kafkaPath.microBatchWait().toMillis() + "ms"))));
        return p;
    }

    /** The demo's support answers: the same base the per-record consumer ranks against. */
    private static void seedResponseBase(String bootstrapServers) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (DemoCorpus.Response response : DemoCorpus.responseBase()) {
                ObjectNode doc = JSON.createObjectNode().put("text", response.text());
                producer.send(new ProducerRecord<>(RESPONSE_BASE, response.id().getBytes(StandardCharsets.UTF_8),
                        doc.toString().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
