package io.nlpstream.models.load;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.Task;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.runtime.ExecutionProvider;
import io.nlpstream.models.runtime.GraphOptimization;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.models.testing.OnnxGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelLoaderTest {

    private static final SessionSettings CPU = SessionSettings.DEFAULTS;
    private static final BatcherSettings BATCH = BatcherSettings.DEFAULTS;

    @TempDir
    Path dir;

    /** Copies a golden fixture into {@link #dir}, an Optimum export directory that a test may spoil. */
    private Path demoDirectory(String folder) throws IOException {
        for (String file : List.of("model.onnx", "tokenizer.json", "config.json", "tokenizer_config.json")) {
            Files.copy(FixtureModels.directory(folder).resolve(file), dir.resolve(file));
        }
        return dir;
    }

    private static LoadedModel fixture(String folder) {
        return ModelLoader.load(FixtureModels.path(folder), CPU, BATCH);
    }

    private static LoadedModel load(Path directory) {
        return ModelLoader.load(directory.toString(), CPU, BATCH);
    }

    @Test
    void fixtureModelsLoadWithTheTaskTheirGraphImplies() {
        try (LoadedModel sentiment = fixture(FixtureModels.SENTIMENT);
             LoadedModel moderation = fixture(FixtureModels.MODERATION);
             LoadedModel ner = fixture(FixtureModels.NER);
             LoadedModel qa = fixture(FixtureModels.QA)) {
            assertThat(sentiment.info().name()).isEqualTo("sentiment");
            assertThat(sentiment.info().task()).isEqualTo(Task.TEXT_CLASSIFICATION);
            assertThat(sentiment.info().labels()).containsExactly("negative", "neutral", "positive");
            assertThat(sentiment.info().executionProvider()).isEqualTo("cpu");
            assertThat(sentiment.info().maxSequenceLength()).isEqualTo(512);
            assertThat(sentiment.info().version()).matches("[0-9a-f]{12}");
            assertThat(moderation.info().labels()).containsExactly("toxic", "insult", "threat", "spam");
            assertThat(ner.info().task()).isEqualTo(Task.TOKEN_CLASSIFICATION);
            assertThat(ner.info().labels()).hasSize(9).startsWith("O", "B-PER");
            assertThat(qa.info().task()).isEqualTo(Task.QUESTION_ANSWERING);
            assertThat(qa.info().labels()).isEmpty();
            assertThat(sentiment.asTextClassifier().info()).isEqualTo(sentiment.info());
            assertThat(ner.asTokenClassifier()).isNotNull();
            assertThat(qa.asQuestionAnswerer()).isNotNull();
        }
    }

    @Test
    void theMiniLmEmbeddingModelLoadsFromTheLangChain4jJar() {
        try (LoadedModel minilm = ModelLoader.load("all-MiniLM-L6-v2-q", CPU, BATCH)) {
            assertThat(minilm.info().name()).isEqualTo("all-MiniLM-L6-v2-q");
            assertThat(minilm.info().task()).isEqualTo(Task.FEATURE_EXTRACTION);
            assertThat(minilm.info().maxSequenceLength()).isEqualTo(256);
            assertThat(minilm.asTextEmbedder(EmbeddingOptions.DEFAULTS).dimension()).isEqualTo(384);
        }
    }

    @Test
    void aDirectoryLoadsUnderItsDisplayNameWithItsGraphsVersion() throws IOException {
        Path export = demoDirectory("sentiment");
        try (LoadedModel fromDir = ModelLoader.load("reviews", export.toString(), CPU, BATCH);
             LoadedModel original = fixture(FixtureModels.SENTIMENT)) {
            assertThat(fromDir.info().name()).isEqualTo("reviews");
            assertThat(fromDir.info().version()).isEqualTo(original.info().version());
            assertThat(fromDir.info().task()).isEqualTo(Task.TEXT_CLASSIFICATION);
        }
    }

    @Test
    void theHubLayoutWithAnOnnxSubfolderIsAccepted() throws IOException {
        Path export = demoDirectory("ner");
        Files.createDirectory(export.resolve("onnx"));
        Files.move(export.resolve("model.onnx"), export.resolve("onnx").resolve("model.onnx"));
        try (LoadedModel model = load(export)) {
            assertThat(model.info().task()).isEqualTo(Task.TOKEN_CLASSIFICATION);
        }
    }

    @Test
    void cudaRequestedOnACpuOnlyHostLoadsOnCpu() {
        SessionSettings cuda = new SessionSettings(ExecutionProvider.CUDA, 0, 0, 1, GraphOptimization.ALL, 0L);
        try (LoadedModel model = ModelLoader.load(FixtureModels.path(FixtureModels.SENTIMENT), cuda, BATCH)) {
            assertThat(model.info().executionProvider()).isEqualTo("cpu");
        }
    }

    @Test
    void theWrongViewNamesTheModelsTask() {
        try (LoadedModel sentiment = fixture(FixtureModels.SENTIMENT)) {
            assertThatThrownBy(sentiment::asQuestionAnswerer).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("text-classification").hasMessageContaining("question-answering");
            assertThatThrownBy(() -> sentiment.asTextEmbedder(EmbeddingOptions.DEFAULTS))
                    .isInstanceOf(ModelLoadException.class).hasMessageContaining("text-classification");
            assertThatThrownBy(sentiment::asTokenClassifier).isInstanceOf(ModelLoadException.class);
        }
    }

    @Test
    void aBuiltInNameWithoutItsFilesOnTheClasspathSaysWhereBuiltInsLiveAndHowToExportThem() {
        // This module's classpath is the service jar's: the demo models are resources of the tools jar only.
        assertThatThrownBy(() -> ModelLoader.load("demo-sentiment", CPU, BATCH))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("'demo-sentiment' is a built-in model, and built-in models ship only in the tools jar"
                        + " (tools/target/nlp-stream-tools.jar, which bin/nlp-stream runs), not in the service jar;"
                        + " to use it here, export the built-ins as directories with 'bin/nlp-stream models export"
                        + " DIR' and set the model's path to DIR/demo-sentiment.");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> load(missing)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("nope")
                .hasMessageContaining("demo-sentiment");
    }

    @Test
    void aDirectoryWithoutModelOnnxSaysHowToExportOne() throws IOException {
        Files.delete(demoDirectory("sentiment").resolve("model.onnx"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no model.onnx").hasMessageContaining("optimum-cli export onnx");
    }

    @Test
    void aModelOnnxThatIsNoGraphFails() throws IOException {
        Files.writeString(demoDirectory("sentiment").resolve("model.onnx"), "not a graph");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("not a valid ONNX graph");
    }

    @Test
    void aMissingTokenizerIsNamed() throws IOException {
        Files.delete(demoDirectory("sentiment").resolve("tokenizer.json"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("has no tokenizer.json");
    }

    @Test
    void anUnreadableTokenizerIsNamed() throws IOException {
        Files.writeString(demoDirectory("sentiment").resolve("tokenizer.json"), "{ this is not a tokenizer");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("tokenizer.json that cannot be loaded");
    }

    @Test
    void anInputTheRuntimeCannotFeedFailsAtLoad() throws IOException {
        demoDirectory("sentiment");
        Files.write(dir.resolve("model.onnx"), new OnnxGraphs()
                .input("input_ids", OnnxGraphs.INT64, "batch", "seq")
                .input("attention_mask", OnnxGraphs.INT64, "batch", "seq")
                .input("position_ids", OnnxGraphs.INT64, "batch", "seq")
                .castOutput("logits", "batch", "seq").build());
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'position_ids'").hasMessageContaining("cannot feed");
    }

    @Test
    void labelsThatDisagreeWithTheOutputFailAtLoad() throws IOException {
        demoDirectory("sentiment");
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"2\": \"positive\"", "\"2\": \"positive\","
                + " \"3\": \"mixed\""), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("4 labels").hasMessageContaining("3 columns");
    }

    @Test
    void aConfigThatIsNotJsonFailsAtLoad() throws IOException {
        Files.writeString(demoDirectory("sentiment").resolve("config.json"), "{");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("config.json that is not valid JSON");
    }

    @Test
    void withoutId2labelLabelsAreNamedAsTransformersNamesThem() throws IOException {
        demoDirectory("sentiment");
        Files.delete(dir.resolve("config.json"));
        try (LoadedModel model = load(dir)) {
            assertThat(model.info().labels()).containsExactly("LABEL_0", "LABEL_1", "LABEL_2");
        }
    }

    @Test
    void theTokenLimitIsTheSmallestOfTokenizerConfigPositionsAnd512() throws IOException {
        demoDirectory("sentiment");
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 128}");
        try (LoadedModel model = load(dir)) {
            assertThat(model.info().maxSequenceLength()).isEqualTo(128);
        }
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"model_max_length\": 1e30}");
        try (LoadedModel model = load(dir)) {
            assertThat(model.info().maxSequenceLength()).isEqualTo(512);
        }
    }
}
