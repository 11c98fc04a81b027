package io.nlpstream.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nlpstream.tools.bench.BenchResults.BatcherRun;
import io.nlpstream.tools.bench.BenchResults.CeilingPoint;
import io.nlpstream.tools.bench.BenchResults.LoadPoint;
import io.nlpstream.tools.bench.BenchResults.ModelCeiling;

/**
 * The results as JSON: {@code ratios} (the comparisons), {@code targets} (each ratio's target and whether it
 * was met) and every raw figure. Throughputs are per second; latencies in milliseconds.
 */
final class BenchJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    static void write(BenchResults results, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), tree(results));
    }

    static ObjectNode tree(BenchResults r) {
        ObjectNode root = JSON.createObjectNode();
        Ratios ratios = r.ratios();
        ObjectNode ratioNode = root.putObject("ratios");
        ObjectNode targets = root.putObject("targets");
        for (Ratios.Check check : ratios.checks()) {
            number(ratioNode, check.name(), check.value());
            targets.putObject(check.name()).put("target", check.target()).put("met", check.met())
                    .put("measured", check.measured());
        }
        number(root, "batching_headroom", ratios.batchingHeadroom());
        environment(root.putObject("environment"), r.environment());
        BenchResults.CorpusStats c = r.corpus();
        root.putObject("corpus").put("texts", c.texts()).put("mean_tokens", c.meanTokens())
                .put("p50_tokens", c.p50Tokens()).put("p90_tokens", c.p90Tokens()).put("max_tokens", c.maxTokens())
                .put("tokenizer", r.embeddingModel());
        root.putObject("models").put("embedding", r.embeddingModel()).put("classification", r.classifierModel());
        ArrayNode ceilings = root.putArray("ceiling");
        for (ModelCeiling ceiling : r.ceilings()) {
            ObjectNode node = ceilings.addObject().put("model", ceiling.model()).put("task", ceiling.task())
                    .put("best_batch_size", ceiling.best().batchSize());
            number(node, "best_per_second", ceiling.best().sequences().perSecond());
            ArrayNode points = node.putArray("points");
            for (CeilingPoint p : ceiling.points()) {
                rate(points.addObject().put("batch_size", p.batchSize()), p.sequences())
                        .put("tokens_per_second", p.tokensPerSecond()).put("padding_efficiency", p.paddingEfficiency());
            }
        }
        ObjectNode batcher = root.putObject("batcher");
        batcherRun(batcher.putObject("embedding"), r.batcherEmbedding());
        batcherRun(batcher.putObject("classification"), r.batcherClassifier());
        endToEnd(root.putObject("end_to_end"), r.endToEnd());
        rate(root.putObject("per_record"), r.perRecord());
        rate(root.putObject("langchain4j_embedding"), r.langchain4j());
        rate(root.putObject("djl_classification"), r.djl()).put("batch_size", DjlPeer.BATCH);
        ArrayNode cache = root.putArray("result_cache");
        for (BenchResults.CacheRun run : r.cache()) {
            ObjectNode node = cache.addObject().put("repeat_share", run.repeatShare());
            rate(node.putObject("on"), run.on());
            rate(node.putObject("off"), run.off());
            number(node, "ratio", run.ratio());
            node.put("ideal", run.ideal());
        }
        return root;
    }

    private static void environment(ObjectNode node, BenchResults.Environment e) {
        node.put("plan", e.plan()).put("cores", e.cores()).put("jvm", e.jvm()).put("os", e.os())
                .put("max_heap_bytes", e.maxHeapBytes()).put("load_average_before", e.loadBefore())
                .put("load_average_after", e.loadAfter()).put("session", e.sessionSettings())
                .put("batcher", e.batcherSettings()).put("started_at", e.startedAt())
                .put("wall_seconds", e.wallSeconds());
    }

    private static void batcherRun(ObjectNode node, BatcherRun run) {
        rate(node, run.rate()).put("in_flight", run.inFlight()).put("mean_batch_size", run.meanBatchSize())
                .put("padding_efficiency", run.paddingEfficiency());
    }

    private static void endToEnd(ObjectNode node, BenchResults.EndToEnd e) {
        rate(node.putObject("max"), e.max());
        node.putObject("drain").put("mean_micro_batch", e.drain().meanMicroBatch())
                .put("mean_model_batch", e.drain().meanModelBatch())
                .put("model_busy_share", e.drain().modelBusyShare());
        node.put("partitions", e.partitions()).put("stream_threads", e.streamThreads())
                .put("micro_batch_size", e.microBatchSize()).put("heap_peak_bytes", e.heapPeakBytes());
        ArrayNode points = node.putArray("latency");
        for (LoadPoint p : e.loadPoints()) {
            ObjectNode point = points.addObject().put("share_of_max", p.shareOfMax())
                    .put("offered_per_second", p.offeredPerSecond());
            rate(point.putObject("achieved"), p.achieved());
            LatencySummary l = p.latency();
            point.put("events", l.count()).put("p50_ms", l.p50()).put("p95_ms", l.p95()).put("p99_ms", l.p99())
                    .put("max_ms", l.max());
            ArrayNode cdf = point.putArray("cdf");
            for (double[] step : l.cdf()) {
                cdf.addArray().add(step[0]).add(step[1]);
            }
        }
    }

    /**
     * {@code per_second} with the items and seconds it came from; for no measurement, {@code per_second} is null and
     * {@code not_measured} says why.
     */
    private static ObjectNode rate(ObjectNode node, Rate rate) {
        number(node, "per_second", rate.perSecond());
        node.put("items", rate.items()).put("seconds", rate.seconds());
        if (!rate.isMeasured()) {
            node.put("not_measured", rate.describe());
        }
        return node;
    }

    /** A figure, or null for NaN (JSON has no NaN). */
    private static void number(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
