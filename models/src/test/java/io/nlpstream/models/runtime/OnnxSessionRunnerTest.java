package io.nlpstream.models.runtime;

import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.head.OutputTensor;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.testing.Encodings;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.models.testing.OnnxGraphs;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnnxSessionRunnerTest {

    private static final SessionSettings CPU = SessionSettings.DEFAULTS;

    static byte[] demoModel(String folder) {
        return FixtureModels.modelBytes(folder);
    }

    private static List<Encoding> mixedLengths() {
        List<Encoding> batch = new ArrayList<>();
        int[] words = {3, 17, 1, 9, 30, 5};
        for (int i = 0; i < words.length; i++) {
            batch.add(Encodings.bertLike(i, words[i]));
        }
        return batch;
    }

    @Test
    void batchedOutputsEqualOneAtATimeOutputsOnTheSentimentModel() throws IOException {
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("demo-sentiment", demoModel("sentiment"), CPU)) {
            assertThat(runner.outputs()).extracting(OutputSpec::name).containsExactly("logits");
            assertThat(runner.feedsTokenTypeIds()).isTrue();
            List<Encoding> batch = mixedLengths();
            List<SequenceOutputs> batched = runner.run(batch);
            assertThat(batched).hasSameSizeAs(batch);
            for (int i = 0; i < batch.size(); i++) {
                OutputTensor alone = runner.run(List.of(batch.get(i))).get(0).get("logits");
                OutputTensor together = batched.get(i).get("logits");
                assertThat(together.shape()).containsExactly(3);
                assertClose(together.data(), alone.data());
            }
        }
    }

    @Test
    void perTokenOutputsAreCutToEachSequencesLength() throws IOException {
        try (OnnxSessionRunner ner = OnnxSessionRunner.open("demo-ner", demoModel("ner"), CPU);
             OnnxSessionRunner qa = OnnxSessionRunner.open("demo-qa", demoModel("qa"), CPU)) {
            List<Encoding> batch = mixedLengths();
            List<SequenceOutputs> nerOut = ner.run(batch);
            List<SequenceOutputs> qaOut = qa.run(batch);
            assertThat(qa.outputs()).extracting(OutputSpec::name).containsExactly("start_logits", "end_logits");
            for (int i = 0; i < batch.size(); i++) {
                int length = batch.get(i).length();
                OutputTensor logits = nerOut.get(i).get("logits");
                assertThat(logits.shape()).containsExactly(length, 9);
                assertClose(logits.data(), ner.run(List.of(batch.get(i))).get(0).get("logits").data());
                assertThat(qaOut.get(i).byName().keySet()).containsExactly("start_logits", "end_logits");
                assertThat(qaOut.get(i).get("end_logits").shape()).containsExactly(length);
                assertClose(qaOut.get(i).get("start_logits").data(),
                        qa.run(List.of(batch.get(i))).get(0).get("start_logits").data());
            }
        }
    }

    @Test
    void paddingIsRemovedExactlyAndBuffersAreReusedAcrossBatchShapes() {
        // A graph that echoes input_ids: what comes back per sequence must be exactly its own ids.
        byte[] echo = new OnnxGraphs().input("input_ids", OnnxGraphs.INT64, "batch", "seq")
                .input("attention_mask", OnnxGraphs.INT64, "batch", "seq")
                .castOutput("echo", "batch", "seq").build();
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("echo", echo, CPU)) {
            assertThat(runner.feedsTokenTypeIds()).isFalse();
            List<Encoding> big = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                big.add(Encodings.bertLike(i, 1 + (i * 37) % 60));
            }
            for (List<Encoding> batch : List.of(big, big.subList(0, 3), List.of(Encodings.of(7)), big)) {
                List<SequenceOutputs> outputs = runner.run(batch);
                for (int i = 0; i < batch.size(); i++) {
                    long[] ids = batch.get(i).ids();
                    float[] echoed = outputs.get(i).get("echo").data();
                    assertThat(outputs.get(i).get("echo").shape()).containsExactly(ids.length);
                    for (int t = 0; t < ids.length; t++) {
                        assertThat((long) echoed[t]).isEqualTo(ids[t]);
                    }
                }
            }
            assertThat(runner.writesOutputsInPlace()).isTrue();
        }
    }

    @Test
    void anOutputWhoseRealShapeDiffersFromItsDeclarationIsStillReadCorrectly() {
        // Declared [batch, 5] but really [batch, seq]: writing in place fails, the runner falls back for good.
        byte[] liar = new OnnxGraphs().input("input_ids", OnnxGraphs.INT64, "batch", "seq")
                .input("attention_mask", OnnxGraphs.INT64, "batch", "seq")
                .castOutput("echo", "batch", 5).build();
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("liar", liar, CPU)) {
            List<SequenceOutputs> outputs = runner.run(List.of(Encodings.of(1, 2, 3), Encodings.of(4, 5, 6)));
            assertThat(runner.writesOutputsInPlace()).isFalse();
            assertThat(outputs.get(1).get("echo").data()).containsExactly(4f, 5f, 6f);
            assertThat(runner.run(List.of(Encodings.of(7, 8, 9))).get(0).get("echo").data())
                    .containsExactly(7f, 8f, 9f);
        }
    }

    @Test
    void aHalfPrecisionGraphsOutputsAreReadAsFloat32() {
        // An fp16 export (optimum-cli export onnx --fp16) keeps int64 inputs and has float16 outputs.
        byte[] half = new OnnxGraphs().input("input_ids", OnnxGraphs.INT64, "batch", "seq")
                .input("attention_mask", OnnxGraphs.INT64, "batch", "seq")
                .typedCastOutput("last_hidden_state", OnnxGraphs.FLOAT16, "batch", "seq").build();
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("half", half, CPU)) {
            List<SequenceOutputs> outputs = runner.run(List.of(Encodings.of(1, 2, 3), Encodings.of(4, 5)));
            assertThat(outputs.get(0).get("last_hidden_state").data()).containsExactly(1f, 2f, 3f);
            assertThat(outputs.get(1).get("last_hidden_state").data()).containsExactly(4f, 5f);
        }
    }

    @Test
    void aSessionThatMaySpinStillRuns() throws Exception {
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("demo-sentiment", demoModel("sentiment"),
                CPU.withAllowSpinning(true))) {
            assertThat(runner.run(List.of(Encodings.bertLike(1, 4))).get(0).get("logits").shape())
                    .containsExactly(3);
        }
    }

    @Test
    void cudaRequestedWithoutCudaFallsBackToCpu() throws IOException {
        SessionSettings cuda = new SessionSettings(ExecutionProvider.CUDA, 0, 1, 1, GraphOptimization.BASIC,
                1L << 30);
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("demo-sentiment", demoModel("sentiment"), cuda)) {
            assertThat(runner.executionProvider()).isEqualTo("cpu");
            assertThat(runner.run(List.of(Encodings.bertLike(1, 4))).get(0).get("logits").shape())
                    .containsExactly(3);
        }
    }

    @Test
    void theFallbackIsAnnouncedInOneWarnLineWithItsReason() throws IOException {
        SessionSettings cuda = new SessionSettings(ExecutionProvider.CUDA, 0, 0, 1, GraphOptimization.ALL, 0L);
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("demo-sentiment", demoModel("sentiment"), cuda)) {
            assertThat(runner.executionProvider()).isEqualTo("cpu");
        } finally {
            System.setErr(originalErr);
        }
        List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("WARN")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("demo-sentiment", "CUDA", "falling back to CPU");
        // The reason: the CPU jar has no CUDA provider; the -Pgpu jar has one, which cannot start without CUDA 12.
        assertThat(warnings.get(0)).containsAnyOf("no CUDA provider; build with -Pgpu", "CUDA could not start on device 0");
    }

    @Test
    void anInputTheRuntimeCannotFeedFailsTheLoad() {
        byte[] graph = new OnnxGraphs().input("input_ids", OnnxGraphs.INT64, "batch", "seq")
                .input("attention_mask", OnnxGraphs.INT64, "batch", "seq")
                .input("pixel_values", OnnxGraphs.INT64, "batch", "seq")
                .castOutput("logits", "batch", 2).build();
        assertThatThrownBy(() -> OnnxSessionRunner.open("odd", graph, CPU)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'pixel_values'").hasMessageContaining("cannot feed");
    }

    @Test
    void aMissingAttentionMaskFailsTheLoad() {
        byte[] graph = new OnnxGraphs().input("input_ids", OnnxGraphs.INT64, "batch", "seq")
                .castOutput("logits", "batch", "seq").build();
        assertThatThrownBy(() -> OnnxSessionRunner.open("no-mask", graph, CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("'attention_mask'");
    }

    @Test
    void garbageIsNotAGraph() {
        assertThatThrownBy(() -> OnnxSessionRunner.open("junk", new byte[]{1, 2, 3, 4}, CPU))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("not a valid ONNX graph");
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }
}
