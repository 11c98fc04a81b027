package io.nlpstream.tools.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.load.BuiltInModel;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.tools.NlpStreamToolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code models export}: each built-in becomes a directory that loads exactly as the built-in does. */
class BuiltInModelExportTest {
    private static final SessionSettings CPU = SessionSettings.DEFAULTS;
    private static final BatcherSettings BATCH = BatcherSettings.DEFAULTS;

    @TempDir
    Path dir;

    @Test
    void everyBuiltInLoadsFromItsDirectoryWithTheSameVersionTaskLabelsAndLimit() {
        for (BuiltInModel builtIn : BuiltInModel.values()) {
            Path exported = BuiltInModelExport.export(builtIn, dir);
            assertThat(exported).isEqualTo(dir.resolve(builtIn.modelName()));
            assertThat(exported.resolve("model.onnx")).isRegularFile();
            assertThat(exported.resolve("tokenizer.json")).isRegularFile();
            try (LoadedModel fromClasspath = ModelLoader.load(builtIn.modelName(), CPU, BATCH);
                 LoadedModel fromDirectory = ModelLoader.load(exported.toString(), CPU, BATCH)) {
                assertThat(fromDirectory.info().name()).isEqualTo(builtIn.modelName());
                assertThat(fromDirectory.info().version()).isEqualTo(fromClasspath.info().version());
                assertThat(fromDirectory.info().task()).isEqualTo(fromClasspath.info().task());
                assertThat(fromDirectory.info().labels()).isEqualTo(fromClasspath.info().labels());
                assertThat(fromDirectory.info().maxSequenceLength())
                        .isEqualTo(fromClasspath.info().maxSequenceLength());
            }
        }
    }

    @Test
    void anExportedModelAnswersAsTheBuiltInDoes() throws Exception {
        Path sentiment = BuiltInModelExport.export(BuiltInModel.DEMO_SENTIMENT, dir);
        Path minilm = BuiltInModelExport.export(BuiltInModel.ALL_MINILM_L6_V2_Q, dir);
        String text = "The concert was great, thank you!";
        try (LoadedModel a = ModelLoader.load("demo-sentiment", CPU, BATCH);
             LoadedModel b = ModelLoader.load(sentiment.toString(), CPU, BATCH);
             LoadedModel c = ModelLoader.load("all-MiniLM-L6-v2-q", CPU, BATCH);
             LoadedModel d = ModelLoader.load(minilm.toString(), CPU, BATCH)) {
            List<LabelScore> builtIn = a.asTextClassifier().classify(text, ClassificationOptions.DEFAULTS)
                    .get(60, TimeUnit.SECONDS);
            List<LabelScore> exported = b.asTextClassifier().classify(text, ClassificationOptions.DEFAULTS)
                    .get(60, TimeUnit.SECONDS);
            assertThat(exported).isEqualTo(builtIn);
            float[] e1 = c.asTextEmbedder(EmbeddingOptions.DEFAULTS).embed(text).get(60, TimeUnit.SECONDS);
            float[] e2 = d.asTextEmbedder(EmbeddingOptions.DEFAULTS).embed(text).get(60, TimeUnit.SECONDS);
            assertThat(e2).containsExactly(e1);
        }
    }

    @Test
    void theCommandExportsAllOrTheNamedModelsAndRejectsUnknownNames() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = NlpStreamToolsCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("models", "export", dir.resolve("all").toString());
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).hasSize(BuiltInModel.values().length);
        for (BuiltInModel model : BuiltInModel.values()) {
            assertThat(dir.resolve("all").resolve(model.modelName()).resolve("model.onnx")).isRegularFile();
        }

        exit = NlpStreamToolsCli.commandLine().execute("models", "export", dir.resolve("one").toString(),
                "--model", "demo-ner");
        assertThat(exit).isZero();
        try (var listing = Files.list(dir.resolve("one"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("demo-ner");
        }

        exit = NlpStreamToolsCli.commandLine().setErr(new PrintWriter(err, true))
                .execute("models", "export", dir.toString(), "--model", "gpt-5");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'gpt-5' is not a built-in model; the built-ins are all-MiniLM-L6-v2-q,");
    }
}
