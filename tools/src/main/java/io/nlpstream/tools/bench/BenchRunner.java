package io.nlpstream.tools.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.nlpstream.tools.bench.BenchResults.BatcherRun;
import io.nlpstream.tools.bench.BenchResults.CacheRun;
import io.nlpstream.tools.bench.BenchResults.CorpusStats;
import io.nlpstream.tools.bench.BenchResults.EndToEnd;
import io.nlpstream.tools.bench.BenchResults.Environment;
import io.nlpstream.tools.bench.BenchResults.LoadPoint;
import io.nlpstream.tools.embedded.EmbeddedKafka;
import io.nlpstream.tools.support.TemporaryDirectories;

/**
 * Runs every part of the benchmark in one JVM on one corpus, one after the other (never two at once: they would
 * share the cores), and gathers the figures. Our batcher and each in-process peer take turns in short slices
 * ({@link Interleaved}), so the load of other processes falls on both alike. Progress goes to {@code progress},
 * one line per figure.
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

        BatcherRun batcherEmbedding;
        Rate langchain4j;
        try (BatcherBench ours = new BatcherBench(embeddingModel, tuning.session(), tuning.batcher(), texts);
             LangChain4jPeer peer = new LangChain4jPeer(texts)) {
            Interleaved.Pair pair = Interleaved.measure(plan, ours, peer);
            batcherEmbedding = ours.run(pair.first());
            langchain4j = pair.second();
        }
        say("batcher alone, %s: %s/s (mean batch %.1f, padding efficiency %.2f); LangChain4j embedAll: %s/s",
                embeddingModel, batcherEmbedding.rate().describe(), batcherEmbedding.meanBatchSize(),
                batcherEmbedding.paddingEfficiency(), langchain4j.describe());
        BatcherRun batcherClassifier;
        Rate djl;
        try (BatcherBench ours = new BatcherBench(classifierModel, tuning.session(), tuning.batcher(), texts);
             DjlPeer peer = new DjlPeer(classifierModel, classifierCeiling.feedsTokenTypes(), texts)) {
            Interleaved.Pair pair = Interleaved.measure(plan, ours, peer);
            batcherClassifier = ours.run(pair.first());
            djl = pair.second();
        }
        say("batcher alone, %s: %s/s (mean batch %.1f, padding efficiency %.2f); DJL batchPredict: %s/s",
                classifierModel, batcherClassifier.rate().describe(), batcherClassifier.meanBatchSize(),
                batcherClassifier.paddingEfficiency(), djl.describe());

        EndToEnd endToEnd;
        Rate perRecord;
        Path stateDir = Files.createTempDirectory("nlp-stream-bench-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); HeapWatch heap = new HeapWatch();
             EndToEndBench ours = new EndToEndBench(kafka, embeddingModel, texts, stateDir.resolve("e2e"),
                     tuning.session(), tuning.batcher(), tuning.kafkaPath(), EndToEndBench.Variant.UNCACHED);
             PerRecordBench naive = new PerRecordBench(kafka, embeddingModel, texts, stateDir.resolve("per-record"),
                     tuning.session(), tuning.kafkaPath())) {
            // Both running, bursts in turn (ours, naive, naive, ours): drifting load falls on both alike.
            int burst = Math.max(10, plan.backlogEvents() / 2);
            Rate max = ours.drain("max0", burst);
            perRecord = naive.drain("max1", burst);
            perRecord = perRecord.plus(naive.drain("max2", burst));
            max = max.plus(ours.drain("max3", burst));
            say("end to end: %s events/s draining bursts; per-record mapValues: %s events/s",
                    max.describe(), perRecord.describe());
            List<LoadPoint> points = new ArrayList<>();
            if (!max.isMeasured()) {
                say("end to end: no maximum measured, so no load to offer for the latency points");
            }
            for (double share : max.isMeasured() ? BenchPlan.LATENCY_LOADS : List.<Double>of()) {
                LoadPoint point = ours.offer("load" + Math.round(share * 100), share, share * max.perSecond(),
                        plan.latencyRun());
                say("end to end at %.0f events/s offered: p50 %.0f ms, p99 %.0f ms", point.offeredPerSecond(),
                        point.latency().p50(), point.latency().p99());
                points.add(point);
            }
            KafkaPathSettings k = tuning.kafkaPath();
            endToEnd = new EndToEnd(max, ours.drainBreakdown(), points, heap.peakBytes(), k.partitions(),
                    k.streamThreads(), k.microBatchSize());
            say("heap peak %d MB", endToEnd.heapPeakBytes() >> 20);
        } finally {
            TemporaryDirectories.deleteRecursively(stateDir);
        }
        List<CacheRun> cache;
        Path cacheStateDir = Files.createTempDirectory("nlp-stream-bench-cache-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             CacheBench bench = new CacheBench(kafka, embeddingModel, texts, cacheStateDir, tuning)) {
            cache = bench.measure(texts, Math.max(10, plan.backlogEvents() / 4), CORPUS_SEED);
            for (CacheRun run : cache) {
                say("end to end with %.0f%% repeated texts: cache on %s events/s, off %s events/s",
                        run.repeatShare() * 100, run.on().describe(), run.off().describe());
            }
        } finally {
            TemporaryDirectories.deleteRecursively(cacheStateDir);
        }

        Environment environment = new Environment(plan.name(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().maxMemory(),
                loadBefore, loadAverage(), tuning.session().toString(), tuning.batcher().toString(), startedAt,
                (System.nanoTime() - started) / 1e9);
        return new BenchResults(environment, corpus, embeddingModel, classifierModel,
                List.of(embeddingCeiling.ceiling(), classifierCeiling.ceiling()), batcherEmbedding,
                batcherClassifier, endToEnd, perRecord, langchain4j, djl, cache);
    }

    private void report(CeilingBench.Measured measured) {
        StringBuilder line = new StringBuilder("ceiling, " + measured.ceiling().model() + ":");
        measured.ceiling().points().forEach(p -> line.append(String.format(Locale.ROOT, " b%d %s/s", p.batchSize(),
                p.sequences().describe())));
        say("%s", line);
    }

    private void say(String format, Object... args) {
        progress.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
