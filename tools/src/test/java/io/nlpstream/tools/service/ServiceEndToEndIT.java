package io.nlpstream.tools.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.app.service.NlpStreamService;
import io.nlpstream.app.service.RunningService;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.registry.RegistryClientSettings;
import io.nlpstream.schemas.serde.AvroSerdeSettings;
import io.nlpstream.schemas.serde.ConfluentAvroDeserializer;
import io.nlpstream.schemas.serde.WireFormat;
import io.nlpstream.tools.embedded.EmbeddedKafka;
import io.nlpstream.tools.embedded.EmbeddedSchemaRegistry;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The whole service as {@code run} starts it (configuration, models, HTTP, Kafka Streams) against a real
 * single-node KRaft broker and the embedded Confluent-compatible registry: JSON events in, Avro out, dead letters,
 * and every HTTP endpoint, on one shared instance. The models are the golden fixtures (so outputs are checked
 * against golden.json) and the built-in MiniLM ranker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ServiceEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IN = "events";
    private static final String OUT = "events-enriched";
    private static final String DLQ = "events-dlq";
    private static final String BASE = "responses";

    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;
    private RunningService service;
    private Path stateDir;
    private KafkaProducer<byte[], byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private JsonNode golden;

    @BeforeAll
    void start() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/golden/golden.json")) {
            golden = JSON.readTree(in);
        }
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.create().start();
        kafka.createTopics(List.of(EmbeddedKafka.topic(IN, 2), EmbeddedKafka.topic(OUT, 2),
                EmbeddedKafka.topic(DLQ, 1), EmbeddedKafka.compactedTopic(BASE, 1),
                EmbeddedKafka.compactedTopic(BASE + "-embeddings", 1)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
        send(BASE, "password", "{\"text\": \"You can reset your password from the account settings page.\"}");
        send(BASE, "hours", "{\"text\": \"Our office is open Monday to Friday from 9am to 5pm.\"}");
        send(BASE, "payment", "{\"text\": \"We accept Visa, Mastercard and PayPal.\"}");
        producer.flush();

        stateDir = Files.createTempDirectory("service-e2e-state");
        service = NlpStreamService.start(properties());
        service.awaitRunning(Duration.ofMinutes(2));
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.port", -1);
        p.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("kafka.application-id", "service-e2e");
        p.put("kafka.state-dir", stateDir.toString());
        p.put("schema-registry.url", registry.url());
        p.put("models.definitions.sentiment.path", FixtureModels.path(FixtureModels.SENTIMENT));
        p.put("models.definitions.ner.path", FixtureModels.path(FixtureModels.NER));
        p.put("models.definitions.ner.aggregation-strategy", "simple");
        p.put("models.definitions.qa.path", FixtureModels.path(FixtureModels.QA));
        p.put("models.definitions.ranker.path", "all-MiniLM-L6-v2-q");
        p.put("response-base.topic", BASE);
        p.put("response-base.model", "ranker");
        p.put("response-base.top-k", 2);
        p.put("pipelines", List.of(Map.of("name", "events", "inputs", List.of(Map.of("topic", IN)),
                "output", OUT, "dead-letter", DLQ, "models", List.of("sentiment", "ner", "qa", "ranker"),
                "batch", Map.of("size", 8, "max-wait", "20ms"))));
        return p;
    }

    @AfterAll
    void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (stateDir != null) {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void enrichesJsonEventsIntoAvroWithEveryModelAsThePipelinesDo() throws Exception {
        awaitResponseBase(3);
        send(IN, "k-ner", "{\"id\": \"ner\", \"text\": \"My name is Darek and I live in Warsaw.\"}");
        send(IN, "k-qa", "{\"id\": \"qa\", \"question\": \"Where does Paul live?\", \"text\": \"My name is Darek. "
                + "I'm Polish. I like to practice kungfu. My home is in Warsaw but I often travel to Berlin. My "
                + "friend, Paul, lives in Canada.\"}");
        send(IN, "k-rank", "{\"id\": \"rank\", \"text\": \"how do I change my password\"}");
        producer.flush();

        Map<String, ConsumerRecord<byte[], byte[]>> records = readById(OUT, 3);
        Map<String, EnrichedTextEvent> events = new HashMap<>();
        try (ConfluentAvroDeserializer<EnrichedTextEvent> avro = new ConfluentAvroDeserializer<>()) {
            avro.configure(Map.of(RegistryClientSettings.URL, registry.url(),
                    AvroSerdeSettings.SPECIFIC_AVRO_VALUE_TYPE, EnrichedTextEvent.class), false);
            records.forEach((id, r) -> {
                assertThat(r.value()[0]).as("Confluent magic byte").isZero();
                assertThat(WireFormat.schemaId(r.value())).isPositive();
                events.put(id, avro.deserialize(OUT, r.value()));
            });
        }
        assertThat(new String(records.get("ner").key(), StandardCharsets.UTF_8)).isEqualTo("k-ner");

        JsonNode ner = golden.at("/ner/simple/outputs/0");
        List<String> entities = new ArrayList<>();
        result(events.get("ner"), "ner").getEntities().forEach(e -> entities.add(e.getGroup() + ":" + e.getWord()
                + ":" + e.getStart() + "-" + e.getEnd()));
        List<String> expected = new ArrayList<>();
        ner.forEach(e -> expected.add(e.get("entity_group").asText() + ":" + e.get("word").asText() + ":"
                + e.get("start").asInt() + "-" + e.get("end").asInt()));
        assertThat(entities).isEqualTo(expected);

        JsonNode answer = golden.at("/qa/{}/outputs/1");
        var answers = result(events.get("qa"), "qa").getAnswers();
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).getAnswer()).isEqualTo(answer.get("answer").asText());
        assertThat(answers.get(0).getScore()).isCloseTo(answer.get("score").asDouble(), within(1e-4));
        assertThat(result(events.get("ner"), "qa")).as("QA only runs on events with a question").isNull();

        var hits = result(events.get("rank"), "ranker").getHits();
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).getResponseId()).isEqualTo("password");
        assertThat(result(events.get("rank"), "sentiment").getLabels()).hasSize(1);
        assertThat(events.get("rank").getBatchSize()).isBetween(1, 8);
    }

    @Test
    void deadLettersCarryTheReasonAndTheSourcePosition() throws Exception {
        send(IN, "k-bad", "this is not JSON");
        send(IN, "k-blank", "{\"id\": \"blank\", \"text\": \"   \"}");
        producer.flush();

        Map<String, ConsumerRecord<byte[], byte[]>> dead = readByKey(DLQ, 2);
        assertThat(header(dead.get("k-bad"), DeadLetterHeaders.REASON)).isEqualTo("INVALID_EVENT");
        assertThat(new String(dead.get("k-bad").value(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON");
        assertThat(header(dead.get("k-blank"), DeadLetterHeaders.REASON)).isEqualTo("EMPTY_TEXT");
        assertThat(header(dead.get("k-blank"), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(IN);
        assertThat(Long.parseLong(header(dead.get("k-blank"), DeadLetterHeaders.SOURCE_OFFSET))).isNotNegative();
    }

    @Test
    void healthModelsAndSynchronousInference() throws Exception {
        assertThat(get("/health/readiness").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/health/liveness").body()).path("status").asText()).isEqualTo("UP");

        JsonNode models = JSON.readTree(get("/models").body());
        assertThat(models).hasSize(4);
        assertThat(models.findValuesAsText("task")).contains("text-classification", "token-classification",
                "question-answering", "feature-extraction");

        String text = golden.at("/sentiment/{}/inputs/0").asText();
        HttpResponse<String> one = post("/v1/text-classification?model=sentiment", JSON.writeValueAsString(
                Map.of("text", text)));
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode expected = golden.at("/sentiment/{}/outputs/0");
        JsonNode actual = JSON.readTree(one.body());
        assertThat(actual.get("label").asText()).isEqualTo(expected.get("label").asText());
        assertThat(actual.get("score").asDouble()).isCloseTo(expected.get("score").asDouble(), within(1e-4));

        HttpResponse<String> many = post("/v1/ner", "[{\"text\": \"Jim Henson works for Google in London.\"}, "
                + "{\"text\": \"no entities here at all\"}]");
        assertThat(many.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(many.body())).hasSize(2);
        assertThat(JSON.readTree(many.body()).get(0).get(0).get("entity_group").asText()).isEqualTo("PER");

        assertThat(post("/v1/text-classification", "{\"text\": ").statusCode()).isEqualTo(400);
        assertThat(post("/v1/text-classification", "{\"txt\": \"x\"}").body()).contains("missing field 'text'");
        assertThat(post("/v1/text-classification?model=nope", "{\"text\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("/v1/summarization", "{\"text\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("/v1/text-classification", "{\"text\": \"" + "a".repeat(2 << 20) + "\"}").statusCode())
                .isEqualTo(413);
    }

    @Test
    void ranksAQueryAgainstTheCachedResponseBase() throws Exception {
        awaitResponseBase(3);
        HttpResponse<String> response = get("/v1/rank?q=" + URLEncoder.encode("can I pay with paypal",
                StandardCharsets.UTF_8) + "&k=2");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode ranking = JSON.readTree(response.body());
        assertThat(ranking.get("model").asText()).isEqualTo("ranker");
        assertThat(ranking.get("hits")).hasSize(2);
        assertThat(ranking.at("/hits/0/id").asText()).isEqualTo("payment");
        assertThat(ranking.at("/hits/0/score").asDouble()).isGreaterThan(ranking.at("/hits/1/score").asDouble());
        // Without k: response-base.top-k (2 here), not all three responses.
        assertThat(JSON.readTree(get("/v1/rank?q=paypal").body()).get("hits")).hasSize(2);
        assertThat(get("/v1/rank?k=2").statusCode()).isEqualTo(400);
        assertThat(get("/v1/rank?q=x&k=0").statusCode()).isEqualTo(400);
    }

    /** Last: the pipeline meters exist once the other tests' records went through (counted, then committed). */
    @Test
    @Order(Integer.MAX_VALUE)
    void prometheusExportsTheServiceMeters() throws Exception {
        // Micrometer's Kafka Streams binder registers a partition's lag at its next refresh (once a minute).
        String scrape = awaitScrapeContaining("kafka_consumer_fetch_manager_records_lag{", Duration.ofMinutes(3));
        assertThat(scrape).containsPattern("kafka_consumer_fetch_manager_records_lag\\{[^}]*client_id=\"[^\"]*"
                + "-StreamThread-\\d+-consumer\"[^}]*partition=\"0\"");

        assertThat(scrape).contains("nlpstream_ready 1.0",
                "nlpstream_inference_latency_seconds_bucket{", "nlpstream_batch_size_count{",
                "nlpstream_batch_padded_tokens_sum{", "nlpstream_queue_wait_seconds_bucket{",
                "nlpstream_state_store_entries{store=\"response-base.embeddings\"}",
                "nlpstream_state_store_entries{store=\"events.batch-buffer\"}",
                "nlpstream_records_in_total{pipeline=\"events\"}",
                "nlpstream_records_out_total{pipeline=\"events\"}",
                "nlpstream_dead_letters_total{pipeline=\"events\",reason=\"EMPTY_TEXT\"}",
                "nlpstream_end_to_end_latency_seconds_bucket{");
    }

    private String awaitScrapeContaining(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String scrape = get("/prometheus").body();
        while (!scrape.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            scrape = get("/prometheus").body();
        }
        return scrape;
    }

    private void awaitResponseBase(int size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/v1/rank?q=hello&k=10");
            if (r.statusCode() == 200 && JSON.readTree(r.body()).get("hits").size() >= size) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the response base was not embedded in time");
    }

    private static ModelResult result(EnrichedTextEvent event, String model) {
        return event.getResults().stream().filter(r -> r.getModel().equals(model)).findFirst().orElse(null);
    }

    private void send(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, ConsumerRecord<byte[], byte[]>> readById(String topic, int count) throws IOException {
        Map<String, ConsumerRecord<byte[], byte[]>> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(topic, count, r -> true)) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            byId.put(key.substring(2), r);
        }
        return byId;
    }

    private Map<String, ConsumerRecord<byte[], byte[]>> readByKey(String topic, int count) {
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        read(topic, count, r -> true).forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
        return byKey;
    }

    /** Reads the topic from the beginning, read_committed, until {@code count} records of this test's keys came. */
    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int count,
                                                     java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> f) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (f.test(r)) {
                        records.add(r);
                    }
                });
            }
        }
        assertThat(records).as("records on " + topic).hasSizeGreaterThanOrEqualTo(count);
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }
}
