package io.nlpstream.app.infer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.app.infer.OptionConverters.AggregationConverter;
import io.nlpstream.app.infer.OptionConverters.FunctionConverter;
import io.nlpstream.app.infer.OptionConverters.LongTextConverter;
import io.nlpstream.app.infer.OptionConverters.PoolingConverter;
import io.nlpstream.app.infer.OptionConverters.ProviderConverter;
import io.nlpstream.app.infer.OptionConverters.TaskConverter;
import io.nlpstream.app.infer.OptionConverters.WindowAggregationConverter;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.Task;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.ClassificationFunction;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.LongText;
import io.nlpstream.models.options.Pooling;
import io.nlpstream.models.options.WindowAggregation;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.runtime.ExecutionProvider;
import io.nlpstream.models.runtime.GraphOptimization;
import io.nlpstream.models.runtime.SessionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code nlp-stream infer}: a batch job that runs one model over JSONL and writes, per input line, the JSON the
 * transformers pipeline returns for that input (see {@code docs/infer.md}).
 *
 * <p>Exit codes: 0 when every line was processed (lines that failed carry an error object), 2 for bad arguments,
 * 1 when the model cannot be loaded or the input/output fails. Requests go through the model's shared dynamic
 * batcher with a bounded window of outstanding lines, so memory stays constant on inputs of any size.
 */
@Command(name = "infer", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a model over JSONL input, one transformers-pipeline JSON result per line.",
                "Input lines: {\"text\": ...} or, for question-answering, {\"question\": ..., \"context\": ...}."})
public final class InferCommand implements Callable<Integer> {
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    static final long LARGE_INPUT_BYTES = 64L << 20;
    private static final int BUFFER_CHARS = 1 << 16;

    /** Which tasks each task-specific option applies to; giving it for another task is an argument error. */
    private static final Map<String, Set<Task>> TASK_OPTIONS = Map.ofEntries(
            Map.entry("--top-k", EnumSet.of(Task.TEXT_CLASSIFICATION, Task.QUESTION_ANSWERING)),
            Map.entry("--function-to-apply", EnumSet.of(Task.TEXT_CLASSIFICATION)),
            Map.entry("--aggregation-strategy", EnumSet.of(Task.TOKEN_CLASSIFICATION)),
            Map.entry("--long-text", EnumSet.of(Task.TEXT_CLASSIFICATION)),
            Map.entry("--chunk-aggregation", EnumSet.of(Task.TEXT_CLASSIFICATION)),
            Map.entry("--chunk-stride", EnumSet.of(Task.TEXT_CLASSIFICATION)),
            Map.entry("--stride", EnumSet.of(Task.TOKEN_CLASSIFICATION)),
            Map.entry("--doc-stride", EnumSet.of(Task.QUESTION_ANSWERING)),
            Map.entry("--max-seq-len", EnumSet.of(Task.QUESTION_ANSWERING, Task.FEATURE_EXTRACTION)),
            Map.entry("--max-answer-len", EnumSet.of(Task.QUESTION_ANSWERING)),
            Map.entry("--max-question-len", EnumSet.of(Task.QUESTION_ANSWERING)),
            Map.entry("--handle-impossible-answer", EnumSet.of(Task.QUESTION_ANSWERING)),
            Map.entry("--pooling", EnumSet.of(Task.FEATURE_EXTRACTION)),
            Map.entry("--normalize", EnumSet.of(Task.FEATURE_EXTRACTION)),
            Map.entry("--whole-context", EnumSet.of(Task.QUESTION_ANSWERING)));

    @Spec
    private CommandSpec spec;

    @Option(names = "--task", required = true, converter = TaskConverter.class, paramLabel = "TASK",
            description = "text-classification (sentiment-analysis), token-classification (ner), "
                    + "question-answering or feature-extraction.")
    private Task task;

    @Option(names = "--model", required = true, paramLabel = "DIR|NAME",
            description = "A model directory (HF Optimum layout) or a built-in model name, "
                    + "e.g. demo-sentiment or all-MiniLM-L6-v2-q.")
    private String model;

    @Option(names = "--input", paramLabel = "FILE", description = "JSONL input (default: stdin).")
    private Path input;

    @Option(names = "--output", paramLabel = "FILE", description = "JSONL output (default: stdout).")
    private Path output;

    @Option(names = "--top-k", paramLabel = "N", description = "text-classification: the N best labels as a list "
            + "(0 = all; absent = the best label as one object). question-answering: the N best answers "
            + "(default 1, one object).")
    private Integer topK;

    @Option(names = "--function-to-apply", converter = FunctionConverter.class, paramLabel = "softmax|sigmoid|none",
            description = "text-classification score function (default: from the model config).")
    private ClassificationFunction functionToApply;

    @Option(names = "--long-text", converter = LongTextConverter.class, paramLabel = "truncate|chunk",
            defaultValue = "truncate", description = "text-classification: read only the first tokens of a long text, "
            + "up to the model's length (truncate, the pipeline's way, default), or all of it in overlapping windows "
            + "(chunk; each output line is then {\"labels\": ..., \"windows\": N}).")
    private LongText longText;

    @Option(names = "--chunk-aggregation", converter = WindowAggregationConverter.class, paramLabel = "max|mean",
            description = "text-classification with --long-text chunk: each label's score over the windows, the "
                    + "highest or the mean (default max).")
    private WindowAggregation chunkAggregation;

    @Option(names = "--chunk-stride", paramLabel = "N", description = "text-classification with --long-text chunk: "
            + "tokens each window overlaps the previous one by (default 64).")
    private Integer chunkStride;

    @Option(names = "--aggregation-strategy", converter = AggregationConverter.class,
            paramLabel = "none|simple|first|average|max", defaultValue = "none",
            description = "token-classification grouping of tokens into entities (default: ${DEFAULT-VALUE}).")
    private AggregationStrategy aggregation;

    @Option(names = "--stride", paramLabel = "N", description = "token-classification: read the whole text in "
            + "windows of the model's length overlapping by N tokens, merging entities across windows, as the "
            + "transformers pipeline's stride (needs an aggregation strategy other than none; default: the text is "
            + "cut at the model's length).")
    private Integer stride;

    @Option(names = "--whole-context", description = "question-answering: search the whole context in windows of "
            + "--max-seq-len tokens overlapping by --doc-stride (default: its first --max-seq-len tokens only).")
    private boolean wholeContext;

    @Option(names = "--doc-stride", paramLabel = "N", description = "question-answering: overlap of context "
            + "windows in tokens (default 128).")
    private Integer docStride;

    @Option(names = "--max-seq-len", paramLabel = "N", description = "question-answering: tokens per window "
            + "(default 384); feature-extraction: tokens per text, longer texts are truncated (default 256).")
    private Integer maxSeqLen;

    @Option(names = "--max-answer-len", paramLabel = "N", description = "question-answering: longest answer in "
            + "tokens (default 15).")
    private Integer maxAnswerLen;

    @Option(names = "--max-question-len", paramLabel = "N", description = "question-answering: longest question "
            + "in tokens (default 64).")
    private Integer maxQuestionLen;

    @Option(names = "--handle-impossible-answer", description = "question-answering: allow the empty answer.")
    private boolean handleImpossibleAnswer;

    @Option(names = "--pooling", converter = PoolingConverter.class, paramLabel = "mean|cls", defaultValue = "mean",
            description = "feature-extraction pooling (default: ${DEFAULT-VALUE}).")
    private Pooling pooling;

    @Option(names = "--normalize", description = "feature-extraction: L2-normalise embeddings (default: off).")
    private boolean normalize;

    @Option(names = "--provider", converter = ProviderConverter.class, paramLabel = "cpu|cuda",
            defaultValue = "cpu", description = "ONNX Runtime execution provider (default: ${DEFAULT-VALUE}).")
    private ExecutionProvider provider;

    @Option(names = "--device-id", paramLabel = "N", defaultValue = "0", description = "CUDA device (default 0).")
    private int deviceId;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime intra-op threads (default 0: one per core).")
    private int threads;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Most sequences per model call (default "
            + BatcherSettings.DEFAULT_MAX_BATCH_SIZE + ").")
    private Integer maxBatchSize;

    @Option(names = "--max-batch-tokens", paramLabel = "N", description = "Most padded tokens per model call "
            + "(default " + BatcherSettings.DEFAULT_MAX_BATCH_TOKENS + ").")
    private Integer maxBatchTokens;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "Most lines submitted but not yet written "
            + "(default: 8 x max-batch-size, at least 64). Bounds memory; larger keeps the batcher fuller.")
    private Integer maxInFlight;

    @Option(names = "--encode-threads", paramLabel = "N", description = "Threads that parse and tokenize input "
            + "lines for the batcher (default: a quarter of the cores, 1 to 4).")
    private Integer encodeThreads;

    private final ModelOpener opener;
    private final InputStream stdin;
    private final OutputStream stdout;

    /** The command over {@link ModelLoader}, as the CLI registers it. */
    public InferCommand() {
        this(ModelLoader::load);
    }

    /** The command reading stdin and writing stdout (unless {@code --input}/{@code --output} say otherwise). */
    public InferCommand(ModelOpener opener) {
        this(opener, System.in, System.out);
    }

    InferCommand(ModelOpener opener, InputStream stdin, OutputStream stdout) {
        this.opener = opener;
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws InterruptedException {
        checkOptionsApplyTo(task);
        Function<LoadedModel, LineInference<?>> inference = inferenceFor(task);
        SessionSettings session = sessionSettings();
        int window = maxInFlight != null ? positive("--max-in-flight", maxInFlight) : defaultWindow(batchSize());
        BatcherSettings batcher = batcherSettings(window);
        int encoders = encodeThreads != null ? positive("--encode-threads", encodeThreads)
                : Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors() / 4));
        checkFiles();
        PrintWriter err = spec.commandLine().getErr();

        try (LoadedModel loaded = opener.open(model, session, batcher)) {
            LineInference<?> lines = inference.apply(loaded);
            ObjectMapper mapper = InferJson.mapper();
            ProgressReporter progress = new ProgressReporter(err, largeOrInteractive(), System::nanoTime,
                    PROGRESS_INTERVAL);
            try (BufferedReader in = openInput(); Writer out = openOutput()) {
                new InferRunner(mapper, window, encoders).run(in, out, lines, progress);
            } catch (IOException e) {
                err.println("infer: stopped, " + describe(e));
                err.flush();
                return 1;
            }
            return 0;
        } catch (ModelLoadException e) {
            err.println("infer: cannot use model '" + model + "': " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private void checkOptionsApplyTo(Task chosen) {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (Map.Entry<String, Set<Task>> option : TASK_OPTIONS.entrySet()) {
            if (parsed.hasMatchedOption(option.getKey()) && !option.getValue().contains(chosen)) {
                throw new ParameterException(spec.commandLine(), option.getKey() + " applies to "
                        + option.getValue().stream().map(Task::id).collect(Collectors.joining(" and "))
                        + ", not " + chosen.id() + ".");
            }
        }
    }

    /** Builds the task's options now, so bad values are argument errors before any model is loaded. */
    private Function<LoadedModel, LineInference<?>> inferenceFor(Task chosen) {
        try {
            TaskOptions d = TaskOptions.DEFAULTS;
            QaOptions qa = d.questionAnswering();
            TaskOptions options = switch (chosen) {
                case TEXT_CLASSIFICATION -> new TaskOptions(new ClassificationOptions(topK, functionToApply),
                        d.tokenClassification(), qa, d.featureExtraction()).withClassificationWindows(windows());
                case TOKEN_CLASSIFICATION -> new TaskOptions(d.classification(),
                        TokenClassificationOptions.of(aggregation).withStride(stride), qa, d.featureExtraction());
                case QUESTION_ANSWERING -> new TaskOptions(d.classification(), d.tokenClassification(),
                        new QaOptions(orDefault(topK, qa.topK()), orDefault(docStride, qa.docStride()),
                                orDefault(maxSeqLen, qa.maxSeqLen()), positive("--max-question-len",
                                orDefault(maxQuestionLen, qa.maxQuestionLen())),
                                orDefault(maxAnswerLen, qa.maxAnswerLen()), handleImpossibleAnswer, wholeContext),
                        d.featureExtraction());
                case FEATURE_EXTRACTION -> new TaskOptions(d.classification(), d.tokenClassification(), qa,
                        new EmbeddingOptions(pooling, normalize, positive("--max-seq-len",
                                orDefault(maxSeqLen, d.featureExtraction().maxLength()))));
            };
            return m -> TaskInferences.create(chosen, m, options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid " + chosen.id() + " option: "
                    + e.getMessage() + ".");
        }
    }

    /** The windows of {@code --long-text chunk}; {@code null} for truncate, which takes no chunk option. */
    private WindowOptions windows() {
        if (longText == LongText.TRUNCATE) {
            if (chunkAggregation != null || chunkStride != null) {
                throw new IllegalArgumentException("--chunk-aggregation and --chunk-stride need --long-text chunk");
            }
            return null;
        }
        WindowOptions d = WindowOptions.DEFAULTS;
        return new WindowOptions(chunkAggregation == null ? d.aggregation() : chunkAggregation,
                chunkStride == null ? d.stride() : chunkStride);
    }

    private SessionSettings sessionSettings() {
        SessionSettings d = SessionSettings.DEFAULTS;
        return new SessionSettings(provider, nonNegative("--device-id", deviceId), nonNegative("--threads", threads),
                d.interOpThreads(), GraphOptimization.ALL, d.cudaMemoryLimitBytes());
    }

    private int batchSize() {
        return positive("--max-batch-size", orDefault(maxBatchSize, BatcherSettings.DEFAULTS.maxBatchSize()));
    }

    private BatcherSettings batcherSettings(int window) {
        BatcherSettings d = BatcherSettings.DEFAULTS;
        int batchTokens = positive("--max-batch-tokens", orDefault(maxBatchTokens, d.maxBatchTokens()));
        // A question can become several windows; leave the batcher room for all of the in-flight lines' sequences
        // so the window, not the batcher's push-back, is what limits the reader.
        int queueCapacity = Math.max(d.queueCapacity(), window * 4);
        return new BatcherSettings(batchSize(), batchTokens, d.maxWait(), queueCapacity);
    }

    private static int defaultWindow(int batchSize) {
        return Math.max(64, 8 * batchSize);
    }

    private void checkFiles() {
        if (input == null) {
            return;
        }
        if (!Files.isReadable(input)) {
            throw argumentError("Cannot read --input " + input + ".");
        }
        if (Files.isDirectory(input)) {
            throw argumentError("--input " + input + " is a directory.");
        }
        try {
            if (output != null && Files.exists(output) && Files.isSameFile(input, output)) {
                throw argumentError("--output " + output + " is the --input file; it would be truncated.");
            }
        } catch (IOException e) {
            throw argumentError("Cannot check --output " + output + ": " + e.getMessage() + ".");
        }
    }

    private boolean largeOrInteractive() {
        if (Terminals.stderrIsTerminal()) {
            return true;
        }
        try {
            return input != null && Files.size(input) >= LARGE_INPUT_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    private BufferedReader openInput() throws IOException {
        // A decoder that replaces malformed bytes: a bad byte sequence spoils one line, not the run.
        InputStream source = input != null ? Files.newInputStream(input) : nonClosing(stdin);
        return new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8), BUFFER_CHARS);
    }

    private Writer openOutput() throws IOException {
        OutputStream sink = output != null ? Files.newOutputStream(output) : nonClosing(stdout);
        return new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), BUFFER_CHARS);
    }

    private ParameterException argumentError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int positive(String option, int value) {
        if (value < 1) {
            throw argumentError(option + " must be at least 1, got " + value + ".");
        }
        return value;
    }

    private int nonNegative(String option, int value) {
        if (value < 0) {
            throw argumentError(option + " must not be negative, got " + value + ".");
        }
        return value;
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
                // stdin belongs to the process, not to this command
            }
        };
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
