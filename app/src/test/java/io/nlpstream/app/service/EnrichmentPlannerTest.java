package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.ModelProperties;
import io.nlpstream.app.config.PipelineProperties;
import io.nlpstream.app.config.ResponseBaseProperties;
import io.nlpstream.app.infer.FakeModel;
import io.nlpstream.models.Task;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.schemas.serde.EventFormat;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EventField;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.schemas.serde.JsonSerdes;
import org.junit.jupiter.api.Test;

class EnrichmentPlannerTest {
    private final List<Map<String, EventFormat>> formatsAsked = new ArrayList<>();

    private static ModelCatalog catalog() {
        return new ModelCatalog(Map.of(
                "sentiment", entry("sentiment", Task.TEXT_CLASSIFICATION, m -> m.setTopK(2)),
                "ner", entry("ner", Task.TOKEN_CLASSIFICATION, m -> m.setAggregationStrategy("first")),
                "qa", entry("qa", Task.QUESTION_ANSWERING, m -> { }),
                "ranker", entry("ranker", Task.FEATURE_EXTRACTION, m -> { }),
                "moderation", entry("moderation", Task.TEXT_CLASSIFICATION, m -> m.setLongText("chunk"))));
    }

    private static CatalogEntry entry(String name, Task task, Consumer<ModelProperties> options) {
        ModelProperties p = new ModelProperties(name);
        options.accept(p);
        return new CatalogEntry(name, new FakeModel(task), ModelOptionsReader.read(p, task));
    }

    private static PipelineProperties pipeline(int index, String name, String input, String... models) {
        PipelineProperties p = new PipelineProperties(index);
        p.setName(name);
        PipelineProperties.InputProperties in = new PipelineProperties.InputProperties();
        in.setTopic(input);
        p.setInputs(new ArrayList<>(List.of(in)));
        p.setOutput(input + "-out");
        p.setDeadLetter(input + "-dlq");
        p.setModels(List.of(models));
        return p;
    }

    private static ResponseBaseProperties base(String model) {
        ResponseBaseProperties b = new ResponseBaseProperties();
        b.setTopic("responses");
        b.setModel(model);
        b.setTopK(3);
        return b;
    }

    /** The catalog plus a text-pair classifier "nli" and a one-label cross-encoder "ce". */
    private static ModelCatalog pairCatalog() {
        ModelProperties ce = new ModelProperties("ce");
        return new ModelCatalog(Map.of(
                "sentiment", entry("sentiment", Task.TEXT_CLASSIFICATION, m -> { }),
                "nli", entry("nli", Task.TEXT_CLASSIFICATION, m -> { }),
                "ner", entry("ner", Task.TOKEN_CLASSIFICATION, m -> { }),
                "ranker", entry("ranker", Task.FEATURE_EXTRACTION, m -> { }),
                "ce", new CatalogEntry("ce", new FakeModel(Task.TEXT_CLASSIFICATION, List.of("relevant")),
                        ModelOptionsReader.read(ce, Task.TEXT_CLASSIFICATION))));
    }

    private EnrichmentPlan plan(List<PipelineProperties> pipelines, ResponseBaseProperties base) {
        return plan(catalog(), pipelines, base);
    }

    private EnrichmentPlan plan(ModelCatalog catalog, List<PipelineProperties> pipelines,
                                ResponseBaseProperties base) {
        return new EnrichmentPlanner(catalog).plan(pipelines, base, formats -> {
            formatsAsked.add(formats);
            return EventSerdes.of(JsonSerdes.textEvents().deserializer(), JsonSerdes.enrichedEvents());
        });
    }

    @Test
    void eachModelBecomesTheStepItsTaskServesWithItsOptions() {
        PipelineProperties p = pipeline(0, "events", "in", "sentiment", "ner", "qa", "ranker");
        p.getInputs().get(0).setFormat("avro");
        p.setOutputFormat("json");
        p.getTextLimit().setPolicy("reject");
        p.getTextLimit().setMaxCodePoints(500);
        p.getBatch().setSize(16);
        p.getBatch().setMaxInFlight(2);

        EnrichmentPlan plan = plan(List.of(p), base("ranker"));

        PipelineSettings settings = plan.settings().pipelines().get(0);
        assertThat(settings.steps()).hasSize(4);
        assertThat(settings.steps().get(0)).isInstanceOfSatisfying(ModelStep.Classify.class,
                c -> assertThat(c.options().topK()).isEqualTo(2));
        assertThat(settings.steps().get(1)).isInstanceOfSatisfying(ModelStep.Recognize.class,
                r -> assertThat(r.options().aggregation()).isEqualTo(AggregationStrategy.FIRST));
        assertThat(settings.steps().get(2)).isInstanceOf(ModelStep.Answer.class);
        assertThat(settings.steps().get(3)).isEqualTo(new ModelStep.Rank("ranker", 3));
        assertThat(settings.textLimit().policy()).isEqualTo(OverLengthPolicy.REJECT);
        assertThat(settings.batch()).isEqualTo(new BatchSettings(16, Duration.ofMillis(50), Duration.ofSeconds(30), 2));
        assertThat(plan.settings().responseBase().embeddingsTopic()).isEqualTo("responses-embeddings");
        assertThat(plan.formats()).containsEntry("in", EventFormat.AVRO).containsEntry("in-out", EventFormat.JSON);
        assertThat(plan.usesAvro()).isTrue();
        assertThat(formatsAsked).containsExactly(plan.formats());
        assertThat(plan.models().embedder("ranker")).isNotNull();
        assertThat(plan.models().classifier("sentiment")).isNotNull();
    }

    @Test
    void theBatchQueueTimeoutIsReadAndTheCloseTimeoutIsDerivedFromTheLongestBatchWait() {
        PipelineProperties p = pipeline(0, "events", "in", "sentiment");
        p.getBatch().setQueueTimeout(Duration.ofSeconds(50));
        EnrichmentPlan plan = plan(List.of(p), base(null));

        assertThat(plan.settings().pipelines().get(0).batch().queueTimeout()).isEqualTo(Duration.ofSeconds(50));
        // 50 ms max wait + 50 s queue timeout + 30 s timeout, + 10 s to commit and leave the group
        assertThat(StreamsRunner.closeTimeout(null, plan)).isEqualTo(Duration.ofMillis(90_050));
        assertThat(StreamsRunner.closeTimeout(Duration.ofMinutes(5), plan)).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> StreamsRunner.closeTimeout(Duration.ofSeconds(30), plan))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("kafka.close-timeout is 30000 ms but must be at least 90050 ms");
    }

    @Test
    void pipelinesKeepTheirListOrder() {
        EnrichmentPlan plan = plan(List.of(pipeline(1, "second", "b", "ner"), pipeline(0, "first", "a", "sentiment")),
                base(null));

        assertThat(plan.settings().pipelines()).extracting(PipelineSettings::name).containsExactly("first", "second");
        assertThat(plan.settings().responseBase()).isNull();
        assertThat(plan.usesAvro()).isTrue(); // outputs default to Avro
    }

    @Test
    void everyMistakeIsOneSentenceNamingTheKey() {
        assertInvalid(List.of(), base(null), "pipelines must define at least one pipeline.");
        assertInvalid(List.of(pipeline(0, "p", "in", "nope")), base(null),
                "pipelines[0].models names 'nope', which is not defined under models.definitions (moderation, ner, qa, "
                        + "ranker, sentiment).");
        assertInvalid(List.of(pipeline(0, "p", "in", "ranker")), base(null),
                "pipelines[0].models names the feature-extraction model 'ranker', which ranks against a response "
                        + "base, but response-base.model is not set.");
        assertInvalid(List.of(pipeline(0, "p", "in", "sentiment")), base("sentiment"),
                "response-base.model 'sentiment' is a text-classification model; ranking needs a "
                        + "feature-extraction (embedding) model.");
        assertInvalid(List.of(pipeline(0, "p", "in", "sentiment")), base("missing"),
                "response-base.model is 'missing', which is not defined under models.definitions.");
        assertInvalid(List.of(pipeline(0, "p", "bad topic!", "sentiment")), base(null),
                "pipelines[0].inputs[0].topic is 'bad topic!', which is not a legal Kafka topic name (letters, "
                        + "digits, '.', '_' and '-', at most 249 characters).");
        assertInvalid(List.of(pipeline(0, "p", "a", "sentiment"), pipeline(1, "q", "a", "ner")), base(null),
                "pipelines[1].inputs[0].topic 'a' is already used by another pipeline or the response base.");
        assertInvalid(List.of(pipeline(0, "p", "in", "sentiment", "sentiment")), base(null),
                "pipelines[0].models names 'sentiment' twice.");

        PipelineProperties loop = pipeline(0, "p", "in", "sentiment");
        loop.setDeadLetter("in");
        assertInvalid(List.of(loop), base(null),
                "pipelines[0].dead-letter 'in' is also an input, output or response-base topic.");

        PipelineProperties format = pipeline(0, "p", "in", "sentiment");
        format.getInputs().get(0).setFormat("protobuf");
        assertInvalid(List.of(format), base(null),
                "pipelines[0].inputs[0].format is 'protobuf' but must be one of json, avro.");

        PipelineProperties batch = pipeline(0, "p", "in", "sentiment");
        batch.getBatch().setSize(0);
        assertInvalid(List.of(batch), base(null), "pipelines[0] is invalid: batch size must be >= 1, got 0.");

        PipelineProperties inFlight = pipeline(0, "p", "in", "sentiment");
        inFlight.getBatch().setMaxInFlight(0);
        assertInvalid(List.of(inFlight), base(null),
                "pipelines[0] is invalid: batch max in flight must be >= 1, got 0.");

        PipelineProperties name = pipeline(0, null, "in", "sentiment");
        assertInvalid(List.of(name), base(null), "pipelines[0].name must be set.");
    }

    @Test
    void textPairModelsClassifyTheNamedFieldsAndTheOthersTheText() {
        PipelineProperties p = pipeline(0, "nli", "in", "sentiment", "nli");
        p.getTextPair().setModels(List.of("nli"));
        p.getTextPair().setTextPair("metadata.hypothesis");

        List<ModelStep> steps = plan(pairCatalog(), List.of(p), base(null)).settings().pipelines().get(0).steps();

        assertThat(steps).extracting(ModelStep::model).containsExactly("sentiment", "nli");
        assertThat(steps).extracting(step -> ((ModelStep.Classify) step).pair()).containsExactly(null,
                new ModelStep.TextPairFields(EventField.TEXT, EventField.parse("metadata.hypothesis")));
    }

    @Test
    void rerankGivesTheRankingStepItsCrossEncoder() {
        PipelineProperties p = pipeline(0, "faq", "in", "ranker");
        p.setRerank("ce");

        EnrichmentPlan plan = plan(pairCatalog(), List.of(p), base("ranker"));

        assertThat(plan.settings().pipelines().get(0).steps()).containsExactly(new ModelStep.Rank("ranker", 3, "ce"));
        assertThat(plan.models().classifier("ce").info().labels()).containsExactly("relevant");
    }

    @Test
    void textPairAndRerankMistakesNameTheirKey() {
        PipelineProperties noSecond = pipeline(0, "p", "in", "nli");
        noSecond.getTextPair().setModels(List.of("nli"));
        assertInvalidWith(pairCatalog(), noSecond, base(null), "pipelines[0].text-pair.text-pair must be set.");

        PipelineProperties badField = pipeline(0, "p", "in", "nli");
        badField.getTextPair().setModels(List.of("nli"));
        badField.getTextPair().setTextPair("language");
        assertInvalidWith(pairCatalog(), badField, base(null), "pipelines[0].text-pair is invalid: an event field "
                + "must be text, question or metadata.KEY, got 'language'.");

        PipelineProperties notListed = pipeline(0, "p", "in", "sentiment");
        notListed.getTextPair().setModels(List.of("nli"));
        notListed.getTextPair().setTextPair("question");
        assertInvalidWith(pairCatalog(), notListed, base(null),
                "pipelines[0].text-pair.models names 'nli', which is not in pipelines[0].models.");

        PipelineProperties wrongTask = pipeline(0, "p", "in", "ner");
        wrongTask.getTextPair().setModels(List.of("ner"));
        wrongTask.getTextPair().setTextPair("question");
        assertInvalidWith(pairCatalog(), wrongTask, base(null), "pipelines[0].text-pair.models names 'ner', a "
                + "token-classification model; only text-classification models classify text pairs.");

        PipelineProperties twoLabels = pipeline(0, "p", "in", "ranker");
        twoLabels.setRerank("sentiment");
        assertInvalidWith(pairCatalog(), twoLabels, base("ranker"), "pipelines[0].rerank names 'sentiment', a "
                + "text-classification model with 2 labels; a cross-encoder is a text-classification model with "
                + "one label.");

        PipelineProperties noRanking = pipeline(0, "p", "in", "sentiment");
        noRanking.setRerank("ce");
        assertInvalidWith(pairCatalog(), noRanking, base(null), "pipelines[0].rerank is set but the pipeline has no "
                + "ranking step (a feature-extraction model in pipelines[0].models).");
    }

    private void assertInvalidWith(ModelCatalog catalog, PipelineProperties p, ResponseBaseProperties base,
                                   String message) {
        assertThatThrownBy(() -> plan(catalog, List.of(p), base)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(message);
    }

    @Test
    void optionsOfAnotherTaskAreRejected() {
        ModelProperties p = new ModelProperties("ner");
        p.setTopK(3);
        p.setPooling("cls");

        assertThatThrownBy(() -> ModelOptionsReader.read(p, Task.TOKEN_CLASSIFICATION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.definitions.ner.top-k, models.definitions.ner.pooling does not apply to model "
                        + "'ner', which is a token-classification model.");
    }

    @Test
    void strideAndWholeContextReadLongTextsWhole() {
        ModelProperties ner = new ModelProperties("ner");
        ner.setAggregationStrategy("simple");
        ner.setStride(64);
        assertThat(ModelOptionsReader.read(ner, Task.TOKEN_CLASSIFICATION).tokenClassification().stride())
                .isEqualTo(64);
        ModelProperties qa = new ModelProperties("qa");
        assertThat(ModelOptionsReader.read(qa, Task.QUESTION_ANSWERING).questionAnswering().wholeContext()).isFalse();
        qa.setWholeContext("true");
        assertThat(ModelOptionsReader.read(qa, Task.QUESTION_ANSWERING).questionAnswering().wholeContext()).isTrue();

        ModelProperties plain = new ModelProperties("ner");
        plain.setStride(64);
        assertThatThrownBy(() -> ModelOptionsReader.read(plain, Task.TOKEN_CLASSIFICATION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("needs an aggregation strategy other than none");
        assertThatThrownBy(() -> ModelOptionsReader.read(qa, Task.TEXT_CLASSIFICATION))
                .hasMessageContaining("models.definitions.qa.whole-context does not apply");
    }

    @Test
    void longTextChunkReadsWindowsAndNeedsChunkForItsOptions() {
        ModelProperties p = new ModelProperties("moderation");
        assertThat(ModelOptionsReader.read(p, Task.TEXT_CLASSIFICATION).classificationWindows()).isNull();
        p.setLongText("chunk");
        p.setChunkAggregation("mean");
        p.setChunkStride(32);
        assertThat(ModelOptionsReader.read(p, Task.TEXT_CLASSIFICATION).classificationWindows())
                .isEqualTo(new io.nlpstream.models.options.WindowOptions(
                        io.nlpstream.models.options.WindowAggregation.MEAN, 32));
        p.setLongText("truncate");
        assertThatThrownBy(() -> ModelOptionsReader.read(p, Task.TEXT_CLASSIFICATION))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("models.definitions.moderation.chunk-aggregation and models.definitions.moderation."
                        + "chunk-stride need models.definitions.moderation.long-text: chunk.");
    }

    @Test
    void aPipelineRefusesAModelThatReadsLongTextsInWindows() {
        assertInvalid(List.of(pipeline(0, "events", "in", "moderation")), new ResponseBaseProperties(),
                "models.definitions.moderation.long-text is chunk, which the HTTP API and infer read but pipelines "
                        + "do not yet; use truncate for a model in a pipeline.");
    }

    @Test
    void embeddingsAreNormalisedUnlessConfiguredOtherwise() {
        ModelProperties p = new ModelProperties("ranker");
        assertThat(ModelOptionsReader.read(p, Task.FEATURE_EXTRACTION).featureExtraction().normalize()).isTrue();
        p.setNormalize("false");
        p.setPooling("CLS");
        assertThat(ModelOptionsReader.read(p, Task.FEATURE_EXTRACTION).featureExtraction().normalize()).isFalse();
    }

    @Test
    void invalidOptionValuesNameTheModel() {
        ModelProperties p = new ModelProperties("qa");
        p.setMaxAnswerLen(0);
        assertThatThrownBy(() -> ModelOptionsReader.read(p, Task.QUESTION_ANSWERING))
                .hasMessage("Model 'qa' has an invalid question-answering option: max_answer_len must be >= 1, got 0.");
        ModelProperties q = new ModelProperties("ner");
        q.setAggregationStrategy("longest");
        assertThatThrownBy(() -> ModelOptionsReader.read(q, Task.TOKEN_CLASSIFICATION))
                .hasMessage("models.definitions.ner.aggregation-strategy is 'longest' but must be one of none, "
                        + "simple, first, average, max.");
    }

    private void assertInvalid(List<PipelineProperties> pipelines, ResponseBaseProperties base, String message) {
        assertThatThrownBy(() -> plan(pipelines, base))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage(message);
    }
}
