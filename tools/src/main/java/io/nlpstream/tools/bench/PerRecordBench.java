package io.nlpstream.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nlpstream.tools.demo.DemoCorpus;
import io.nlpstream.tools.embedded.EmbeddedKafka;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.rank.CosineRanker;
import io.nlpstream.models.result.RankedHit;
import io.nlpstream.models.runtime.SessionSettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The naive design, for comparison: a Kafka Streams {@code mapValues} that calls the model once per record and
 * waits for it (batch size 1, no wait), then ranks against the same response base. Same broker, topics, partitions,
 * stream threads, commit interval and exactly-once guarantee as our path; only the batching differs.
 */
final class PerRecordBench implements AutoCloseable {
    static final String INPUT = "bench-per-record-in";
    static final String OUTPUT = "bench-per-record-out";
    static final int TOP_K = 3;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One model call per record: no company, no waiting for it. */
    static final BatcherSettings ONE_AT_A_TIME = new BatcherSettings(1, 512, Duration.ZERO, 64, 0.0);

    private final KafkaPathSettings kafkaPath;
    private final LoadedModel model;
    private final KafkaLoadDriver driver;
    private final KafkaStreams streams;

    PerRecordBench(EmbeddedKafka kafka, String embeddingModel, List<String> texts, Path stateDir,
                   SessionSettings session, KafkaPathSettings kafkaPath) throws InterruptedException {
        this.kafkaPath = kafkaPath;
        int partitions = kafkaPath.partitions();
        kafka.createTopics(List.of(EmbeddedKafka.topic(INPUT, partitions), EmbeddedKafka.topic(OUTPUT, partitions)));
        // The naive design uses ONNX Runtime as it comes: each call spread over every core.
        this.model = ModelLoader.load(embeddingModel, session.withIntraOpThreads(SessionSettings.ONE_THREAD_PER_CORE),
                ONE_AT_A_TIME);
        TextEmbedder embedder = model.asTextEmbedder(EmbeddingOptions.DEFAULTS);
        PerRecordEnricher enricher = new PerRecordEnricher(embedder, responseBase(embedder));
        this.driver = new KafkaLoadDriver(kafka.bootstrapServers(), INPUT, OUTPUT, partitions, texts);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .mapValues(enricher::enrich)
                .to(OUTPUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        this.streams = new KafkaStreams(builder.build(), properties(kafka, stateDir));
        try {
            streams.start();
            awaitRunning(streams);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Sends {@code events} at once and measures how fast they come out. */
    Rate drain(String phase, int events) throws InterruptedException {
        return driver.drained(driver.backlog(phase, events));
    }

    @Override
    public void close() {
        try {
            streams.close(Duration.ofSeconds(30));
        } finally {
            try {
                driver.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            model.close();
        }
    }

    private Properties properties(EmbeddedKafka kafka, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "nlp-stream-bench-per-record-" + UUID.randomUUID().toString()
                .substring(0, 8));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, kafkaPath.commitInterval().toMillis());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafkaPath.streamThreads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the per-record consumer did not start (" + streams.state() + ")");
            }
            Thread.sleep(50);
        }
    }

    private static List<Map.Entry<String, float[]>> responseBase(TextEmbedder embedder) {
        List<Map.Entry<String, float[]>> vectors = new ArrayList<>();
        for (DemoCorpus.Response response : DemoCorpus.responseBase()) {
            vectors.add(Map.entry(response.id(), embedder.embed(response.text()).join()));
        }
        return vectors;
    }

    /** What the naive {@code mapValues} does for each record: parse, embed (and wait), rank, write JSON. */
    record PerRecordEnricher(TextEmbedder embedder, List<Map.Entry<String, float[]>> base) {
        byte[] enrich(byte[] value) {
            try {
                ObjectNode event = (ObjectNode) JSON.readTree(value);
                float[] query = embedder.embed(event.path("text").asText()).join();
                ArrayNode hits = event.putArray("hits");
                for (RankedHit hit : CosineRanker.topK(query, base, TOP_K)) {
                    hits.addObject().put("id", hit.id()).put("score", hit.score());
                }
                return JSON.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
