package io.nlpstream.app.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.nlpstream.app.bench.BenchResults.BatcherRun;
import io.nlpstream.app.bench.BenchResults.CorpusStats;
import io.nlpstream.app.bench.BenchResults.EndToEnd;
import io.nlpstream.app.bench.BenchResults.Environment;
import io.nlpstream.app.embedded.EmbeddedKafka;

/**
 * Runs every part of the benchmark in one JVM on one corpus, one after the other (never two at once: they would
 * share the cores), and gathers the figures. Progress goes to {@code progress}, one line per figure.
 */
final class BenchRunner {
    static final long CORPUS_SEED = 7;

    private final BenchPlan plan;
    private final BenchTuning tuning;
    private final PrintStream progress;

    BenchRunner(BenchPlan plan, BenchTuning tuning, PrintStream progress) {
        this.plan = plan;
        this.tuning = tuning;
        this.progress = progress;
    }

    BenchResults run(String embeddingModel, String classifierModel) throws Exception {
        long started = System.nanoTime();
        String startedAt = Instant.now().toString();
        double loadBefore = loadAverage();
        List<String> texts = BenchCorpus.texts(plan.corpusSize(), CORPUS_SEED);

        CeilingBench ceiling = new CeilingBench(tuning.session(), plan);
        CeilingBench.Measured embeddingCeiling = ceiling.measure(embeddingModel, texts);
        report(embeddingCeiling);
        CeilingBench.Measured classifierCeiling = ceiling.measure(classifierModel, texts);
        report(classifierCeiling);
        CorpusStats corpus = CorpusStats.of(embeddingCeiling.tokenCounts());

        BatcherBench batcher = new BatcherBench(tuning.session(), tuning.batcher(), plan);
        BatcherRun batcherEmbedding = batcher.measure(embeddingModel, texts);
        say("batcher alone, %s: %.0f/s (mean batch %.1f, padding efficiency %.2f)", embeddingModel,
                batcherEmbedding.rate().perSecond(), batcherEmbedding.meanBatchSize(),
                batcherEmbedding.paddingEfficiency());
        BatcherRun batcherClassifier = batcher.measure(classifierModel, texts);
        say("batcher alone, %s: %.0f/s (mean batch %.1f, padding efficiency %.2f)", classifierModel,
                batcherClassifier.rate().perSecond(), batcherClassifier.meanBatchSize(),
                batcherClassifier.paddingEfficiency());

        EndToEnd endToEnd;
        Rate perRecord;
        Path stateDir = Files.createTempDirectory("nlp-stream-bench-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); HeapWatch heap = new HeapWatch()) {
            endToEnd = new EndToEndBench(tuning.session(), tuning.batcher(), tuning.kafkaPath(), plan)
                    .measure(kafka, embeddingModel, texts, stateDir.resolve("e2e"), heap);
            say("end to end: %.0f events/s draining a backlog; heap peak %d MB", endToEnd.max().perSecond(),
                    endToEnd.heapPeakBytes() >> 20);
            endToEnd.loadPoints().forEach(p -> say("end to end at %.0f events/s offered: p50 %.0f ms, p99 %.0f ms",
                    p.offeredPerSecond(), p.latency().p50(), p.latency().p99()));
            perRecord = new PerRecordBench(tuning.session(), tuning.kafkaPath(), plan)
                    .measure(kafka, embeddingModel, texts, stateDir.resolve("per-record"));
            say("per-record mapValues: %.0f events/s", perRecord.perSecond());
        } finally {
            deleteRecursively(stateDir);
        }

        Rate langchain4j = new LangChain4jPeer(plan).measure(texts);
        say("LangChain4j embedAll: %.0f/s", langchain4j.perSecond());
        Rate djl = new DjlPeer(plan).measure(classifierModel, classifierCeiling.feedsTokenTypes(), texts);
        say("DJL batchPredict: %.0f/s", djl.perSecond());

        Environment environment = new Environment(plan.name(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().maxMemory(),
                loadBefore, loadAverage(), tuning.session().toString(), tuning.batcher().toString(), startedAt,
                (System.nanoTime() - started) / 1e9);
        return new BenchResults(environment, corpus, embeddingModel, classifierModel,
                List.of(embeddingCeiling.ceiling(), classifierCeiling.ceiling()), batcherEmbedding,
                batcherClassifier, endToEnd, perRecord, langchain4j, djl);
    }

    private void report(CeilingBench.Measured measured) {
        StringBuilder line = new StringBuilder("ceiling, " + measured.ceiling().model() + ":");
        measured.ceiling().points().forEach(p -> line.append(String.format(Locale.ROOT, " b%d %.0f/s", p.batchSize(),
                p.sequences().perSecond())));
        say("%s", line);
    }

    private void say(String format, Object... args) {
        progress.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
