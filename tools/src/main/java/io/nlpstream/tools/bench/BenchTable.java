package io.nlpstream.tools.bench;

import java.util.List;
import java.util.Locale;

import io.nlpstream.tools.bench.BenchResults.CeilingPoint;
import io.nlpstream.tools.bench.BenchResults.LoadPoint;
import io.nlpstream.tools.bench.BenchResults.ModelCeiling;

/** The results as the plain-text report {@code bench} prints. */
final class BenchTable {
    private BenchTable() {
    }

    static String render(BenchResults r) {
        StringBuilder out = new StringBuilder();
        BenchResults.Environment env = r.environment();
        line(out, "nlp-stream bench (%s plan): %d cores, %s, max heap %s, load average %.2f -> %.2f",
                env.plan(), env.cores(), env.jvm(), megabytes(env.maxHeapBytes()), env.loadBefore(), env.loadAfter());
        line(out, "Figures come from one run on this machine; on shared cores they move with whatever else runs.");
        BenchResults.CorpusStats c = r.corpus();
        line(out, "corpus: %d texts, %s tokens: mean %.0f, p50 %d, p90 %d, max %d", c.texts(), r.embeddingModel(),
                c.meanTokens(), c.p50Tokens(), c.p90Tokens(), c.maxTokens());
        out.append('\n');
        ceilings(out, r.ceilings());
        out.append('\n');
        paths(out, r);
        out.append('\n');
        ratios(out, r.ratios());
        return out.toString();
    }

    private static void ceilings(StringBuilder out, List<ModelCeiling> ceilings) {
        line(out, "ceiling: raw ONNX Runtime, pre-tokenized, length-sorted batches, no Kafka (sequences/s by batch size)");
        if (ceilings.isEmpty()) {
            return;
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "model"));
        for (CeilingPoint p : ceilings.get(0).points()) {
            header.append(String.format(Locale.ROOT, "%8s", "b" + p.batchSize()));
        }
        header.append(String.format(Locale.ROOT, "%14s", "best"));
        line(out, "%s", header);
        for (ModelCeiling ceiling : ceilings) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s", ceiling.model()));
            for (CeilingPoint p : ceiling.points()) {
                row.append(String.format(Locale.ROOT, "%8s", figure(p.sequences())));
            }
            CeilingPoint best = ceiling.best();
            row.append(String.format(Locale.ROOT, "%14s", figure(best.sequences()) + " at b" + best.batchSize()));
            line(out, "%s", row);
        }
    }

    private static void paths(StringBuilder out, BenchResults r) {
        line(out, "%-44s %9s   %s", "path", "events/s", "notes");
        BenchResults.BatcherRun be = r.batcherEmbedding();
        row(out, "batcher alone, " + r.embeddingModel(), be.rate(), String.format(Locale.ROOT,
                "mean batch %.1f, padding efficiency %.2f, %d in flight", be.meanBatchSize(), be.paddingEfficiency(),
                be.inFlight()));
        BenchResults.BatcherRun bc = r.batcherClassifier();
        row(out, "batcher alone, " + r.classifierModel(), bc.rate(), String.format(Locale.ROOT,
                "mean batch %.1f, padding efficiency %.2f, %d in flight", bc.meanBatchSize(), bc.paddingEfficiency(),
                bc.inFlight()));
        BenchResults.EndToEnd e = r.endToEnd();
        row(out, "end to end, Kafka, draining bursts", e.max(), String.format(Locale.ROOT,
                "%d partitions, %d stream thread(s), micro-batch %d, exactly-once, no result cache", e.partitions(),
                e.streamThreads(),
                e.microBatchSize()));
        BenchResults.Breakdown d = e.drain();
        line(out, "%-44s %9s   %s", "", "", String.format(Locale.ROOT,
                "meanwhile: micro-batches of %.1f, model calls of %.1f, model-call time %.0f%% of wall time",
                d.meanMicroBatch(), d.meanModelBatch(), d.modelBusyShare() * 100));
        for (LoadPoint p : e.loadPoints()) {
            row(out, String.format(Locale.ROOT, "end to end at %.0f%% (%.0f/s offered)", p.shareOfMax() * 100,
                    p.offeredPerSecond()), p.achieved(), String.format(Locale.ROOT,
                    "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms", p.latency().p50(), p.latency().p95(),
                    p.latency().p99()));
        }
        row(out, "per-record mapValues, Kafka", r.perRecord(), "one model call per record, exactly-once");
        row(out, "LangChain4j embedAll, all-MiniLM-L6-v2-q", r.langchain4j(), "its defaults, one text per call");
        row(out, "DJL batchPredict, " + r.classifierModel(), r.djl(), "OnnxRuntime engine, batches of "
                + DjlPeer.BATCH);
        for (BenchResults.CacheRun c : r.cache()) {
            row(out, String.format(Locale.ROOT, "end to end, %.0f%% repeated, cache on", c.repeatShare() * 100),
                    c.on(), String.format(Locale.ROOT, "cache off %s/s: %s x (ideal %.2f x)", figure(c.off()),
                            ratio(c.ratio()), c.ideal()));
        }
        line(out, "heap peak while the Kafka paths ran: %s of %s", megabytes(e.heapPeakBytes()),
                megabytes(r.environment().maxHeapBytes()));
    }

    private static void ratios(StringBuilder out, Ratios ratios) {
        line(out, "%-28s %7s %9s   %s", "ratio", "value", "target", "result");
        for (Ratios.Check check : ratios.checks()) {
            line(out, "%-28s %7s %9s   %s", check.name(), ratio(check.value()),
                    String.format(Locale.ROOT, ">= %.2f", check.target()),
                    !check.measured() ? "not measured" : check.met() ? "met" : "missed");
        }
        line(out, "batching headroom %s: the ceiling's best over its batch 1, the most any batching can gain over "
                + "one call per record here", ratio(ratios.batchingHeadroom()));
    }

    private static void row(StringBuilder out, String path, Rate rate, String notes) {
        line(out, "%-44s %9s   %s", path, figure(rate), rate.isMeasured() ? notes : rate.describe() + "; " + notes);
    }

    /** A rate's per-second figure, or "n/a" (the row's notes say why). */
    private static String figure(Rate rate) {
        return rate.isMeasured() ? String.format(Locale.ROOT, "%.0f", rate.perSecond()) : "n/a";
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String megabytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MB", bytes >> 20);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
