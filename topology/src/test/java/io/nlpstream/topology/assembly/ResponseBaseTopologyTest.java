package io.nlpstream.topology.assembly;

import io.nlpstream.topology.InvalidTopologySettingsException;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.ModelSet;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.ResponseBaseSettings;
import io.nlpstream.topology.StreamsConfigs;
import static io.nlpstream.topology.support.Events.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.RankingHit;
import io.nlpstream.topology.ranking.CachedEmbedding;
import io.nlpstream.topology.ranking.CachedEmbeddingSerde;
import io.nlpstream.topology.ranking.ResponseBaseView;
import io.nlpstream.topology.ranking.ResponseHit;
import io.nlpstream.topology.support.CountingListener;
import io.nlpstream.topology.support.FakeModels;
import io.nlpstream.topology.support.FramedTestFormat;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseBaseTopologyTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @TempDir
    Path persistentTasks;

    FakeModels.Letters embedder = new FakeModels.Letters("v1");
    FakeModels.PairOverlap crossEncoder = new FakeModels.PairOverlap();
    ModelStep.Rank rankStep = new ModelStep.Rank("minilm", 3);
    final CountingListener listener = new CountingListener();
    TopologyTestDriver driver;
    TestInputTopic<String, byte[]> responses;
    TestOutputTopic<String, CachedEmbedding> embeddings;
    TestInputTopic<byte[], byte[]> queries;
    TestOutputTopic<byte[], EnrichedTextEvent> ranked;

    @BeforeEach
    void startDefault() {
        start();
    }

    void start() {
        PipelineSettings pipeline = PipelineSettings.of("faq", List.of("questions"), "answers", "questions-dlq",
                        List.of(rankStep))
                .withBatch(new BatchSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(5)));
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline),
                ResponseBaseSettings.of("responses", "minilm"),
                EventSerdes.of(FramedTestFormat.textEvents(), FramedTestFormat.enrichedEvents()));
        StreamsBuilder builder = new StreamsBuilder();
        TopologyTopics topics = EnrichmentTopology.build(builder, settings,
                ModelSet.builder().embedder("minilm", embedder).classifier("ce", crossEncoder).build(), listener);
        assertThat(topics.responseBase().orElseThrow().embeddings().name()).isEqualTo("responses-embeddings");
        Properties props = StreamsConfigs.forTopology("rank-test", "unused:9092", settings, listener);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props, START);
        responses = driver.createInputTopic("responses", new StringSerializer(), new ByteArraySerializer());
        embeddings = driver.createOutputTopic("responses-embeddings", new StringDeserializer(),
                new CachedEmbeddingSerde());
        queries = driver.createInputTopic("questions", new ByteArraySerializer(), new ByteArraySerializer());
        ranked = driver.createOutputTopic("answers", new ByteArrayDeserializer(),
                FramedTestFormat.enrichedEvents().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static byte[] doc(String text) {
        return ("{\"text\":\"" + text + "\",\"metadata\":{\"lang\":\"en\"}}").getBytes(StandardCharsets.UTF_8);
    }

    KeyValueStore<String, CachedEmbedding> globalStore() {
        return driver.getKeyValueStore(EnrichmentTopology.RESPONSE_BASE_STORE);
    }

    KeyValueStore<String, CachedEmbedding> cache() {
        return driver.getKeyValueStore(EnrichmentTopology.RESPONSE_CACHE_STORE);
    }

    @Test
    void embedsEachResponseOnceAndPublishesItToEveryInstancesGlobalStore() {
        responses.pipeInput("r1", doc("add a bag"));
        responses.pipeInput("r2", doc("fed cafe"));

        List<KeyValue<String, CachedEmbedding>> published = embeddings.readKeyValuesToList();
        assertThat(published).extracting(kv -> kv.key).containsExactly("r1", "r2");
        assertThat(published.get(0).value.modelVersion()).isEqualTo("v1");
        assertThat(published.get(0).value.text()).isEqualTo("add a bag");
        float[] unit = published.get(0).value.vector();
        double norm = 0;
        for (float x : unit) {
            norm += x * x;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(globalStore().get("r1").text()).isEqualTo("add a bag");
        assertThat(globalStore().get("r2")).isNotNull();
        assertThat(cache().get("r2").text()).isEqualTo("fed cafe");

        // The same text again is not re-embedded nor re-published.
        responses.pipeInput("r1", doc("add a bag"));
        assertThat(embeddings.isEmpty()).isTrue();
        assertThat(embedder.calls.get()).isEqualTo(2);
    }

    @Test
    void anUpdateReEmbedsAndATombstoneDeletes() {
        responses.pipeInput("r1", doc("add a bag"));
        responses.pipeInput("r1", doc("geode"));
        List<KeyValue<String, CachedEmbedding>> published = embeddings.readKeyValuesToList();
        assertThat(published).hasSize(2);
        assertThat(published.get(1).value.text()).isEqualTo("geode");
        assertThat(globalStore().get("r1").text()).isEqualTo("geode");
        assertThat(embedder.calls.get()).isEqualTo(2);

        responses.pipeInput("r1", (byte[]) null);
        KeyValue<String, CachedEmbedding> tombstone = embeddings.readKeyValue();
        assertThat(tombstone.key).isEqualTo("r1");
        assertThat(tombstone.value).isNull();
        assertThat(globalStore().get("r1")).isNull();
        assertThat(cache().get("r1")).isNull();
    }

    @Test
    void invalidDocumentsAreSkippedAndKeepThePreviousVersion() {
        responses.pipeInput("r1", doc("add a bag"));
        embeddings.readKeyValuesToList();
        responses.pipeInput("r1", "not json".getBytes(StandardCharsets.UTF_8));
        responses.pipeInput("r2", "{\"metadata\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThat(embeddings.isEmpty()).isTrue();
        assertThat(globalStore().get("r1").text()).isEqualTo("add a bag");
        assertThat(globalStore().get("r2")).isNull();
        assertThat(listener.dead("response-base")).isEqualTo(2);
    }

    @Test
    void aResponseWhoseEmbeddingFailsIsSkipped() {
        responses.pipeInput("r1", doc("bad " + FakeModels.FAIL));
        assertThat(embeddings.isEmpty()).isTrue();
        assertThat(globalStore().get("r1")).isNull();
        assertThat(listener.dead("response-base")).isEqualTo(1);
    }

    @Test
    void queriesAreRankedAgainstTheWholeBaseLikeABruteForceReference() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("r1", "add a bag");
        base.put("r2", "fed cafe");
        base.put("r3", "geode");
        base.put("r4", "badge");
        base.put("r5", "cabbage");
        base.put("r6", "egg");
        base.forEach((id, text) -> responses.pipeInput(id, doc(text)));

        List<String> texts = List.of("a big cab", "eggs fed", "dead beef", "cage");
        for (int i = 0; i < texts.size(); i++) {
            queries.pipeInput(("q" + i).getBytes(StandardCharsets.UTF_8),
                    FramedTestFormat.encode(text("q" + i, texts.get(i))));
        }
        List<EnrichedTextEvent> results = ranked.readValuesToList();
        assertThat(results).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            ModelResult result = results.get(i).getResults().get(0);
            assertThat(result.getTask()).isEqualTo("ranking");
            assertThat(result.getModel()).isEqualTo("minilm");
            assertThat(result.getModelVersion()).isEqualTo("v1");
            List<ResponseHit> expected = bruteForce(FakeModels.Letters.vector(texts.get(i)), base, 3);
            assertThat(result.getHits()).extracting(RankingHit::getResponseId)
                    .containsExactlyElementsOf(expected.stream().map(ResponseHit::responseId).toList());
            for (int h = 0; h < expected.size(); h++) {
                assertThat(result.getHits().get(h).getScore()).isCloseTo(expected.get(h).score(),
                        org.assertj.core.data.Offset.offset(1e-6));
                assertThat(result.getHits().get(h).getText()).isEqualTo(base.get(expected.get(h).responseId()));
            }
        }

        ResponseBaseView view = new ResponseBaseView(globalStore(), "v1");
        assertThat(view.size()).isEqualTo(6);
        assertThat(view.topK(FakeModels.Letters.vector("cage"), 2)).extracting(ResponseHit::responseId)
                .containsExactlyElementsOf(bruteForce(FakeModels.Letters.vector("cage"), base, 2).stream()
                        .map(ResponseHit::responseId).toList());
        assertThat(new ResponseBaseView(globalStore(), "v0").size()).isZero();
    }

    @Test
    void aCrossEncoderReranksTheBiEncodersTopKInTheSameBatchAndEachHitKeepsBothScores() {
        driver.close();
        rankStep = new ModelStep.Rank("minilm", 3, "ce");
        start();
        Map<String, String> base = new LinkedHashMap<>();
        base.put("r1", "add a bag");
        base.put("r2", "fed cafe");
        base.put("r3", "geode");
        base.put("r4", "a big cab");
        base.put("r5", "cabbage");
        base.forEach((id, text) -> responses.pipeInput(id, doc(text)));

        List<String> texts = List.of("a big cab", "fed a bag");
        for (int i = 0; i < texts.size(); i++) {
            queries.pipeInput(("q" + i).getBytes(StandardCharsets.UTF_8),
                    FramedTestFormat.encode(text("q" + i, texts.get(i))));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<EnrichedTextEvent> results = ranked.readValuesToList();
        assertThat(results).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String query = texts.get(i);
            List<ResponseHit> retrieved = bruteForce(FakeModels.Letters.vector(query), base, 3);
            List<RankingHit> hits = results.get(i).getResults().get(0).getHits();
            // the same k responses the bi-encoder retrieves, ordered by the cross-encoder (stable on ties)
            List<ResponseHit> expected = new ArrayList<>(retrieved);
            expected.sort(Comparator.comparingDouble((ResponseHit h) -> -FakeModels.PairOverlap.overlap(
                    io.nlpstream.models.input.TextInput.pair(query, h.text()))));
            assertThat(hits).extracting(RankingHit::getResponseId)
                    .containsExactlyElementsOf(expected.stream().map(ResponseHit::responseId).toList());
            for (int h = 0; h < hits.size(); h++) {
                RankingHit hit = hits.get(h);
                assertThat(hit.getScore()).isCloseTo(expected.get(h).score(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(hit.getRerankScore()).isEqualTo(FakeModels.PairOverlap.overlap(
                        io.nlpstream.models.input.TextInput.pair(query, hit.getText())));
            }
        }
        // every (query, retrieved response) pair went to the cross-encoder as a text pair, query first
        assertThat(crossEncoder.inputs).hasSize(6).allSatisfy(input -> assertThat(texts).contains(input.text()));
        assertThat(crossEncoder.inputs).extracting(io.nlpstream.models.input.TextInput::textPair)
                .allSatisfy(pair -> assertThat(base.values()).contains(pair));
    }

    @Test
    void aFailingCrossEncoderDeadLettersTheQueryLikeAnyModelFailure() {
        driver.close();
        rankStep = new ModelStep.Rank("minilm", 3, "ce");
        start();
        crossEncoder.failOn = "cafe";
        responses.pipeInput("r1", doc("add a bag"));
        responses.pipeInput("r2", doc("fed cafe"));

        queries.pipeInput("q".getBytes(StandardCharsets.UTF_8), FramedTestFormat.encode(text("q", "a bag")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(ranked.isEmpty()).isTrue();
        TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("questions-dlq", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        assertThat(dlq.readRecordsToList()).singleElement().satisfies(record ->
                assertThat(new String(record.headers().lastHeader(
                        io.nlpstream.topology.deadletter.DeadLetterHeaders.MESSAGE).value(), StandardCharsets.UTF_8))
                        .contains("model failed on purpose"));
    }

    @Test
    void aRerankerWithMoreThanOneLabelIsRefusedWhenTheTopologyIsBuilt() {
        PipelineSettings pipeline = PipelineSettings.of("faq", List.of("questions"), "answers", "questions-dlq",
                List.of(new ModelStep.Rank("minilm", 3, "sentiment")));
        EnrichmentSettings settings = new EnrichmentSettings(List.of(pipeline),
                ResponseBaseSettings.of("responses", "minilm"),
                EventSerdes.of(FramedTestFormat.textEvents(), FramedTestFormat.enrichedEvents()));
        TextClassifierWithLabels twoLabels = new TextClassifierWithLabels();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnrichmentTopology.build(new StreamsBuilder(),
                        settings, ModelSet.builder().embedder("minilm", embedder).classifier("sentiment", twoLabels)
                                .build(), listener))
                .isInstanceOf(InvalidTopologySettingsException.class)
                .hasMessageContaining("reranks with 'sentiment', which has 2 labels");
    }

    /** A text classifier with two labels, which cannot serve as a cross-encoder. */
    static final class TextClassifierWithLabels implements io.nlpstream.models.TextClassifier {
        @Override
        public io.nlpstream.models.ModelInfo info() {
            return new io.nlpstream.models.ModelInfo("two", "1", io.nlpstream.models.Task.TEXT_CLASSIFICATION, "CPU",
                    List.of("a", "b"), 512);
        }

        @Override
        public java.util.concurrent.CompletableFuture<List<io.nlpstream.models.result.LabelScore>> classify(
                io.nlpstream.models.input.TextInput input, io.nlpstream.models.options.ClassificationOptions options) {
            throw new AssertionError("not called");
        }
    }

    @Test
    void undeserializableEmbeddingsDoNotStopTheGlobalStore() {
        // (The test driver's global task skips them with its own log-and-continue handler.)
        responses.pipeInput("r1", doc("add a bag"));
        TestInputTopic<String, byte[]> raw = driver.createInputTopic("responses-embeddings", new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput("r2", new byte[] {42, 1, 2});
        assertThat(globalStore().get("r2")).isNull();
        assertThat(globalStore().get("r1")).isNotNull();
    }

    @Test
    void aRestartWithANewModelVersionReEmbedsTheCachedBaseAndRanksWithTheNewVectors() throws IOException {
        // Keep the task directories across driver restarts (the driver deletes them on close; the links go, the
        // files stay), as a restarted process finds its disk.
        driver.close();
        Path app = stateDir.resolve("rank-test");
        Files.createDirectories(app);
        for (String task : List.of("0_0", "1_0")) {
            Files.createDirectories(persistentTasks.resolve(task));
            Files.createSymbolicLink(app.resolve(task), persistentTasks.resolve(task));
        }
        start();
        responses.pipeInput("r1", doc("add a bag"));
        responses.pipeInput("r2", doc("egg"));
        assertThat(embeddings.readKeyValuesToList()).extracting(kv -> kv.value.modelVersion())
                .containsExactly("v1", "v1");

        driver.close();
        for (String task : List.of("0_0", "1_0")) {
            Files.createDirectories(app);
            Files.deleteIfExists(app.resolve(task));
            Files.createSymbolicLink(app.resolve(task), persistentTasks.resolve(task));
        }
        embedder = new FakeModels.Letters("v2");
        start();
        assertThat(embeddings.isEmpty()).isTrue();
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<KeyValue<String, CachedEmbedding>> reEmbedded = embeddings.readKeyValuesToList();
        assertThat(reEmbedded).extracting(kv -> kv.key).containsExactlyInAnyOrder("r1", "r2");
        assertThat(reEmbedded).allSatisfy(kv -> assertThat(kv.value.modelVersion()).isEqualTo("v2"));
        assertThat(embedder.calls.get()).isEqualTo(2);
        assertThat(cache().get("r1").modelVersion()).isEqualTo("v2");
        assertThat(new ResponseBaseView(globalStore(), "v2").size()).isEqualTo(2);

        queries.pipeInput("q".getBytes(StandardCharsets.UTF_8), FramedTestFormat.encode(text("q", "eggs")));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        ModelResult result = ranked.readValue().getResults().get(0);
        assertThat(result.getModelVersion()).isEqualTo("v2");
        assertThat(result.getHits()).extracting(RankingHit::getResponseId).containsExactly("r2", "r1");
    }

    /** Cosine similarity over the raw vectors, sorted by score then id: the definition, not the implementation. */
    static List<ResponseHit> bruteForce(float[] query, Map<String, String> base, int k) {
        List<ResponseHit> all = new ArrayList<>();
        base.forEach((id, text) -> {
            float[] v = FakeModels.Letters.vector(text);
            double dot = 0;
            double nq = 0;
            double nv = 0;
            for (int i = 0; i < v.length; i++) {
                dot += query[i] * v[i];
                nq += query[i] * query[i];
                nv += v[i] * v[i];
            }
            all.add(new ResponseHit(id, text, dot / Math.sqrt(nq * nv)));
        });
        all.sort(Comparator.comparingDouble(ResponseHit::score).reversed().thenComparing(ResponseHit::responseId));
        return all.subList(0, k);
    }
}
