package io.nlpstream.app.infer;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.Task;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.Pooling;
import io.nlpstream.models.runtime.ExecutionProvider;
import io.nlpstream.models.runtime.SessionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's arguments, exit codes and output shapes, against {@link FakeModel}. */
@Timeout(60)
class InferCommandTest {
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final AtomicReference<FakeModel> opened = new AtomicReference<>();
    private final AtomicReference<SessionSettings> session = new AtomicReference<>();
    private final AtomicReference<BatcherSettings> batcher = new AtomicReference<>();

    private int infer(String stdin, String... args) {
        ModelOpener opener = (model, sessionSettings, batcherSettings) -> {
            session.set(sessionSettings);
            batcher.set(batcherSettings);
            if (!model.startsWith("fake-")) {
                throw new ModelLoadException("no model directory or built-in model named " + model);
            }
            FakeModel fake = new FakeModel(Task.fromId(model.substring("fake-".length())));
            opened.set(fake);
            return fake;
        };
        InferCommand command = new InferCommand(opener,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout);
        return new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
    }

    private List<String> outputLines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void textClassificationWritesOneObjectWithoutTopKAndListsWithIt() {
        String input = "{\"text\": \"ab\"}\n{\"text\": \"abc\"}\n";
        assertThat(infer(input, "--task", "sentiment-analysis", "--model", "fake-text-classification")).isZero();
        assertThat(outputLines()).containsExactly(
                "{\"label\":\"len-even\",\"score\":0.75}",
                "{\"label\":\"len-odd\",\"score\":0.75}");
        assertThat(err.toString()).startsWith("infer: 2 lines (0 errors) in ");
        assertThat(opened.get().closed).isTrue();

        stdout.reset();
        assertThat(infer(input, "--task", "text-classification", "--model", "fake-text-classification",
                "--top-k", "0", "--function-to-apply", "sigmoid")).isZero();
        assertThat(outputLines()).containsExactly(
                "[{\"label\":\"len-even\",\"score\":0.75},{\"label\":\"len-odd\",\"score\":0.25}]",
                "[{\"label\":\"len-odd\",\"score\":0.75},{\"label\":\"len-even\",\"score\":0.25}]");
    }

    @Test
    void textClassificationTakesTextPairs() {
        // the fake scores the length of text + text_pair: "ab" + "c" is odd
        String input = "{\"text\": \"ab\", \"text_pair\": \"c\"}\n{\"text\": \"ab\", \"text_pair\": 7}\n";
        assertThat(infer(input, "--task", "text-classification", "--model", "fake-text-classification")).isZero();
        assertThat(outputLines()).containsExactly(
                "{\"label\":\"len-odd\",\"score\":0.75}",
                "{\"error\":\"field 'text_pair' must be a string, got number\",\"line\":2}");
    }

    @Test
    void tokenClassificationWritesThePipelinesFieldsInItsOrder() {
        assertThat(infer("{\"text\": \"Darek\"}\n", "--task", "ner", "--model", "fake-token-classification"))
                .isZero();
        assertThat(outputLines()).containsExactly(
                "[{\"entity\":\"B-PER\",\"score\":0.5,\"index\":1,\"word\":\"Darek\",\"start\":0,\"end\":5}]");

        stdout.reset();
        assertThat(infer("{\"text\": \"Darek\"}\n", "--task", "token-classification", "--model",
                "fake-token-classification", "--aggregation-strategy", "simple")).isZero();
        assertThat(outputLines()).containsExactly(
                "[{\"entity_group\":\"PER\",\"score\":0.5,\"word\":\"Darek\",\"start\":0,\"end\":5}]");
    }

    @Test
    void questionAnsweringWritesOneAnswerForTopKOneAndAListOtherwise() {
        String input = "{\"question\": \"who?\", \"context\": \"Paul lives here\"}\n{\"question\": \"who?\"}\n";
        assertThat(infer(input, "--task", "question-answering", "--model", "fake-question-answering")).isZero();
        assertThat(outputLines()).containsExactly(
                "{\"score\":0.9,\"start\":0,\"end\":4,\"answer\":\"Paul\"}",
                "{\"error\":\"missing field 'context'\",\"line\":2}");
        assertThat(err.toString()).contains("infer: 2 lines (1 errors)");

        stdout.reset();
        assertThat(infer(input, "--task", "question-answering", "--model", "fake-question-answering",
                "--top-k", "2", "--doc-stride", "64", "--max-seq-len", "128", "--max-answer-len", "3",
                "--max-question-len", "16", "--handle-impossible-answer")).isZero();
        assertThat(outputLines().get(0)).isEqualTo("[{\"score\":0.9,\"start\":0,\"end\":4,\"answer\":\"Paul\"},"
                + "{\"score\":0.45,\"start\":0,\"end\":4,\"answer\":\"Paul\"}]");
    }

    @Test
    void strideAndWholeContextReachTheModelsOptions() {
        assertThat(infer("{\"text\": \"Darek\"}\n", "--task", "ner", "--model", "fake-token-classification",
                "--aggregation-strategy", "simple", "--stride", "32")).isZero();
        assertThat(((io.nlpstream.models.options.TokenClassificationOptions) opened.get().lastOptions).stride())
                .isEqualTo(32);

        assertThat(infer("{\"question\": \"who?\", \"context\": \"Paul lives here\"}\n", "--task",
                "question-answering", "--model", "fake-question-answering", "--whole-context")).isZero();
        assertThat(((io.nlpstream.models.options.QaOptions) opened.get().lastOptions).wholeContext()).isTrue();
    }

    @Test
    void chunkedClassificationWritesTheLabelsAsWithoutItAndTheWindowsRead() {
        String input = "{\"text\": \"ab\"}\n{\"text\": \"" + "x".repeat(250) + "\"}\n";
        assertThat(infer(input, "--task", "text-classification", "--model", "fake-text-classification",
                "--long-text", "chunk", "--chunk-aggregation", "mean", "--chunk-stride", "16")).isZero();
        assertThat(outputLines()).containsExactly(
                "{\"labels\":{\"label\":\"len-even\",\"score\":0.75},\"windows\":1}",
                "{\"labels\":{\"label\":\"len-even\",\"score\":0.75},\"windows\":3}");
        assertThat(opened.get().lastOptions).isEqualTo(new io.nlpstream.models.options.WindowOptions(
                io.nlpstream.models.options.WindowAggregation.MEAN, 16));

        stdout.reset();
        assertThat(infer("{\"text\": \"ab\"}\n", "--task", "text-classification", "--model",
                "fake-text-classification", "--long-text", "chunk", "--top-k", "0")).isZero();
        assertThat(outputLines()).containsExactly("{\"labels\":[{\"label\":\"len-even\",\"score\":0.75},"
                + "{\"label\":\"len-odd\",\"score\":0.25}],\"windows\":1}");
    }

    @Test
    void chunkOptionsWithoutChunkAreAnArgumentError() {
        assertThat(infer("", "--task", "text-classification", "--model", "fake-text-classification",
                "--chunk-stride", "16")).isEqualTo(2);
        assertThat(err.toString()).contains("--chunk-aggregation and --chunk-stride need --long-text chunk");
    }

    @Test
    void aStrideWithoutAggregationIsAnArgumentError() {
        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--stride", "32"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Invalid token-classification option: stride reads the whole text in "
                + "windows, which needs an aggregation strategy other than none (as in transformers).");
    }

    @Test
    void featureExtractionWritesFloat32ComponentsAsTheirFloat64Values() {
        assertThat(infer("{\"text\": \"hello\"}\n", "--task", "feature-extraction", "--model",
                "fake-feature-extraction", "--pooling", "cls", "--normalize", "--max-seq-len", "128")).isZero();
        assertThat(outputLines()).containsExactly("{\"embedding\":[5.0,0.10000000149011612]}");
        assertThat(opened.get().embeddingOptions).isEqualTo(new EmbeddingOptions(Pooling.CLS, true, 128));

        stdout.reset();
        assertThat(infer("{\"text\": \"hello\"}\n", "--task", "feature-extraction", "--model",
                "fake-feature-extraction")).isZero();
        assertThat(opened.get().embeddingOptions).isEqualTo(new EmbeddingOptions(Pooling.MEAN, false, 256));
    }

    @Test
    void passesRuntimeAndBatcherSettingsToTheLoader() {
        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--provider", "cuda",
                "--device-id", "1", "--threads", "3", "--max-batch-size", "16", "--max-batch-tokens", "4096"))
                .isZero();
        assertThat(session.get().provider()).isEqualTo(ExecutionProvider.CUDA);
        assertThat(session.get().deviceId()).isEqualTo(1);
        assertThat(session.get().intraOpThreads()).isEqualTo(3);
        assertThat(batcher.get().maxBatchSize()).isEqualTo(16);
        assertThat(batcher.get().maxBatchTokens()).isEqualTo(4096);
        assertThat(batcher.get().queueCapacity()).isGreaterThanOrEqualTo(BatcherSettings.DEFAULTS.queueCapacity());
        assertThat(outputLines()).isEmpty();
        assertThat(err.toString()).startsWith("infer: 0 lines (0 errors)");
    }

    @Test
    void readsAndWritesFilesInUtf8(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.jsonl");
        Path out = dir.resolve("out.jsonl");
        Files.writeString(in, "{\"text\": \"東京 🙂\"}\n{\"text\": \"boom\"}\n", StandardCharsets.UTF_8);

        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--aggregation-strategy",
                "max", "--input", in.toString(), "--output", out.toString())).isZero();

        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactly(
                "[{\"entity_group\":\"PER\",\"score\":0.5,\"word\":\"東京 🙂\",\"start\":0,\"end\":5}]",
                "{\"error\":\"model error: session failed\",\"line\":2}");
        assertThat(stdout.size()).isZero();

        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--input", in.toString(),
                "--output", in.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is the --input file; it would be truncated.");
        assertThat(Files.readString(in, StandardCharsets.UTF_8)).startsWith("{\"text\": \"東京");
    }

    @Test
    void badArgumentsExitWithTheUsageCodeAndOneClearSentence() {
        assertThat(infer("", "--task", "summarization", "--model", "fake-text-classification")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown task 'summarization'");

        assertThat(infer("", "--task", "text-classification", "--model", "fake-text-classification",
                "--doc-stride", "10")).isEqualTo(2);
        assertThat(err.toString()).contains("--doc-stride applies to question-answering, not text-classification.");

        assertThat(infer("", "--task", "qa-typo")).isEqualTo(2);
        assertThat(infer("", "--task", "question-answering", "--model", "fake-question-answering", "--top-k", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Invalid question-answering option: top_k must be >= 1, got 0.");

        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--aggregation-strategy",
                "longest")).isEqualTo(2);
        assertThat(err.toString()).contains("'longest' is not one of [none, simple, first, average, max]");

        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--max-batch-size", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--max-batch-size must be at least 1, got 0.");

        assertThat(infer("", "--task", "ner", "--model", "fake-token-classification", "--input", "/no/such.jsonl"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Cannot read --input /no/such.jsonl.");
        assertThat(opened.get()).isNull();
    }

    @Test
    void anUnloadableModelOrAModelForAnotherTaskExitsWithOne() {
        assertThat(infer("{\"text\": \"x\"}\n", "--task", "ner", "--model", "/models/missing")).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo(
                "infer: cannot use model '/models/missing': no model directory or built-in model named /models/missing");

        err.getBuffer().setLength(0);
        assertThat(infer("{\"text\": \"x\"}\n", "--task", "ner", "--model", "fake-text-classification"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("the fake model serves text-classification, not token-classification");
        assertThat(opened.get().closed).isTrue();
        assertThat(stdout.size()).isZero();
    }
}
