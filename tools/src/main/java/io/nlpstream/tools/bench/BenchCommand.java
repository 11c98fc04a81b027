package io.nlpstream.tools.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import ch.qos.logback.classic.Level;
import io.nlpstream.app.infer.OptionConverters.ProviderConverter;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.runtime.ExecutionProvider;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.tools.support.LogLevels;
import io.nlpstream.topology.BatchSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nlp-stream bench}: throughput and latency of our path against the raw ONNX Runtime ceiling, a per-record
 * Kafka Streams consumer and two in-process peers, in one run on one corpus. Prints a table; optionally writes
 * JSON and a PNG. docs/performance.md explains every figure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures throughput and latency: the raw ONNX Runtime ceiling by batch size, our batcher alone, "
                + "our service end to end through an embedded Kafka, a per-record Kafka Streams consumer, "
                + "LangChain4j's in-process MiniLM and DJL's ONNX Runtime engine, on the same texts.",
                "Prints a table (stdout); progress goes to stderr. See docs/performance.md."})
public final class BenchCommand implements Callable<Integer> {
    /** The embedding model: fixed, because LangChain4j's peer ships exactly this one. */
    static final String EMBEDDING_MODEL = "all-MiniLM-L6-v2-q";

    @Option(names = "--quick", description = "Shorter measurements: finishes within about five minutes on two cores.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure and the ratios as JSON.")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw throughput against batch size and the latency CDF as a PNG.")
    Path plot;

    @Option(names = "--classifier", paramLabel = "NAME|DIR", defaultValue = "demo-sentiment",
            description = "Text-classification model for the ceiling, the batcher and DJL (default ${DEFAULT-VALUE}).")
    String classifier;

    @Option(names = "--batch-sizes", paramLabel = "N", split = ",",
            description = "Batch sizes of the ceiling (default 1,2,4,...,64).")
    List<Integer> batchSizes;

    @Option(names = "--provider", paramLabel = "cpu|cuda", defaultValue = "cpu", converter = ProviderConverter.class,
            description = "ONNX Runtime execution provider of our sessions (models.session.provider; cuda needs the "
                    + "-Pgpu build). The peers keep their own defaults.")
    ExecutionProvider provider;

    @Option(names = "--device-id", paramLabel = "N", defaultValue = "0", description = "CUDA device (default 0).")
    int deviceId;

    @Option(names = "--allow-spinning", description = "Let ONNX Runtime's pool threads spin (models.session.allow-spinning).")
    boolean allowSpinning;

    @Option(names = "--intra-op-threads", paramLabel = "N",
            description = "ONNX Runtime intra-op threads per model call; 0 = one per core "
                    + "(models.session.intra-op-threads, default " + SessionSettings.DEFAULT_INTRA_OP_THREADS + ").")
    Integer intraOpThreads;

    @Option(names = "--workers", paramLabel = "N",
            description = "Model calls in parallel per model; 0 = one per core (batching.workers, default "
                    + BatcherSettings.WORKERS_PER_CORE + ").")
    Integer workers;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "batching.max-batch-size (default "
            + BatcherSettings.DEFAULT_MAX_BATCH_SIZE + ").")
    Integer maxBatchSize;

    @Option(names = "--max-batch-tokens", paramLabel = "N", description = "batching.max-batch-tokens (default "
            + BatcherSettings.DEFAULT_MAX_BATCH_TOKENS + ").")
    Integer maxBatchTokens;

    @Option(names = "--max-wait", paramLabel = "MS", description = "batching.max-wait in ms (default "
            + BatcherSettings.DEFAULT_MAX_WAIT_MS + ").")
    Integer maxWaitMs;

    @Option(names = "--min-padding-efficiency", paramLabel = "0..1",
            description = "batching.min-padding-efficiency (default "
                    + BatcherSettings.DEFAULT_MIN_PADDING_EFFICIENCY + "; 0 disables the floor).")
    Double minPaddingEfficiency;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "Partitions of the Kafka paths' topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--stream-threads", paramLabel = "N", defaultValue = "1",
            description = "Kafka Streams threads of both Kafka paths (default ${DEFAULT-VALUE}).")
    int streamThreads;

    @Option(names = "--micro-batch", paramLabel = "N", defaultValue = "" + BatchSettings.DEFAULT_SIZE,
            description = "The pipeline's batch.size (default ${DEFAULT-VALUE}).")
    int microBatch;

    @Option(names = "--micro-batch-wait", paramLabel = "MS", defaultValue = "" + BatchSettings.DEFAULT_MAX_WAIT_MS,
            description = "The pipeline's batch.max-wait in ms (default ${DEFAULT-VALUE}).")
    int microBatchWaitMs;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1", hidden = true,
            description = "Multiplies every measuring time and count, never the work a slice must complete (tests use a "
                    + "small one).")
    double timeScale;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    public BenchCommand() {
        this(System.out, System.err);
    }

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        BenchPlan plan = plan();
        BenchTuning tuning = tuning();
        quietLogs();
        DjlPeer.startEngine();
        System.setProperty("java.awt.headless", "true");
        err.println("bench: " + plan.name() + " plan on " + Runtime.getRuntime().availableProcessors()
                + " cores; nothing measured runs at once, the sides of each comparison take turns");
        BenchResults results = new BenchRunner(plan, tuning, err).run(EMBEDDING_MODEL, classifier);
        out.print(BenchTable.render(results));
        if (json != null) {
            BenchJson.write(results, json);
            err.println("bench: wrote " + json);
        }
        if (plot != null) {
            BenchPlot.write(results, plot);
            err.println("bench: wrote " + plot);
        }
        return 0;
    }

    BenchPlan plan() {
        BenchPlan plan = quick ? BenchPlan.quick() : BenchPlan.full();
        try {
            if (batchSizes != null && !batchSizes.isEmpty()) {
                plan = plan.withBatchSizes(batchSizes);
            }
            return plan.scaled(timeScale);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid plan: " + e.getMessage() + ".");
        }
    }

    BenchTuning tuning() {
        BatcherSettings d = BatcherSettings.DEFAULTS;
        try {
            int threads = orDefault(intraOpThreads, SessionSettings.DEFAULTS.intraOpThreads());
            if (threads < 0) {
                throw new IllegalArgumentException("--intra-op-threads must be at least 0");
            }
            if (deviceId < 0 || microBatchWaitMs < 0) {
                throw new IllegalArgumentException("--device-id and --micro-batch-wait must be at least 0");
            }
            SessionSettings d0 = SessionSettings.DEFAULTS;
            SessionSettings session = new SessionSettings(provider, deviceId, threads, d0.interOpThreads(),
                    d0.optimization(), d0.cudaMemoryLimitBytes(), allowSpinning);
            BatcherSettings batcher = new BatcherSettings(orDefault(maxBatchSize, d.maxBatchSize()),
                    orDefault(maxBatchTokens, d.maxBatchTokens()),
                    maxWaitMs == null ? d.maxWait() : Duration.ofMillis(maxWaitMs), d.queueCapacity(),
                    minPaddingEfficiency == null ? d.minPaddingEfficiency() : minPaddingEfficiency,
                    orDefault(workers, d.workers()));
            KafkaPathSettings k = KafkaPathSettings.DEFAULTS;
            KafkaPathSettings kafkaPath = new KafkaPathSettings(partitions, streamThreads, k.commitInterval(),
                    microBatch, Duration.ofMillis(microBatchWaitMs));
            return new BenchTuning(session, batcher, kafkaPath);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid setting: " + e.getMessage() + ".");
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    /** The embedded broker and clients log retried, transient conditions that would drown the report. */
    private static void quietLogs() {
        LogLevels.quietEmbeddedKafka();
        LogLevels.set("ai.djl", Level.WARN);
        // DJL probes for CUDA and warns when there is none; the benchmark says which provider it measured.
        LogLevels.set("ai.djl.onnxruntime.engine.OrtEngine", Level.ERROR);
        LogLevels.set("io.nlpstream", Level.WARN);
    }
}
