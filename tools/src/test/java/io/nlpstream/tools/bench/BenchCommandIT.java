package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} whole, on a tiny time budget: every part really runs (ceiling, batcher, embedded Kafka end to end,
 * the per-record consumer, LangChain4j, DJL) and the three outputs come out. It checks the results' structure and
 * sanity, never a speed: every rate is a positive, finite measurement, every ratio is present, and no rate of ours
 * or of the peers exceeds the raw ceiling of its model by an impossible factor (the ceiling is ONNX Runtime alone on
 * the same texts; beating it several times over would be a measuring error, not a fast path).
 *
 * <p>Runs in a JVM of its own (a separate failsafe execution): DJL's engine must create the process-wide ONNX
 * Runtime environment before anything else uses ONNX Runtime; if it cannot, the run fails (it never skips).
 */
class BenchCommandIT {
    /** Parallel model calls and Kafka overlapping inference can beat one call at a time a little, never this much. */
    private static final double IMPOSSIBLE_OVER_CEILING = 3.0;

    @Test
    @Timeout(900)
    void runsEveryPartAndEveryFigureIsAMeasurementNoneAboveTheCeiling(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path json = dir.resolve("bench.json");
        Path plot = dir.resolve("bench.png");

        int exit = new CommandLine(new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--quick", "--time-scale", "0.03", "--batch-sizes", "1,8", "--json", json.toString(),
                        "--plot", plot.toString());

        String table = out.toString(StandardCharsets.UTF_8);
        String progress = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(progress).isZero();
        assertThat(table).as(progress).contains("ceiling: raw ONNX Runtime", "batcher alone, all-MiniLM-L6-v2-q",
                "end to end, Kafka", "end to end at 50%", "end to end at 90%", "per-record mapValues",
                "LangChain4j embedAll", "DJL batchPredict", "batched_vs_per_record", "vs_djl_classification",
                "end to end, 90% repeated, cache on", "cache_at_50pct_repeats", "cache_at_90pct_repeats");
        assertThat(table + progress).as("no figure is missing or zero").doesNotContain("n/a", "NaN")
                .doesNotContainPattern(" 0/s");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String ratio : List.of("batched_vs_per_record", "e2e_vs_raw_ceiling", "vs_langchain4j_embedding",
                "vs_djl_classification", "cache_at_50pct_repeats", "cache_at_90pct_repeats")) {
            assertThat(root.path("ratios").path(ratio).isNumber()).as("ratio %s in %s", ratio, root).isTrue();
            assertThat(root.path("ratios").path(ratio).asDouble()).as(ratio).isPositive().isFinite();
        }
        assertThat(root.path("batching_headroom").asDouble()).isPositive().isFinite();
        List<JsonNode> rates = new ArrayList<>();
        collectRates(root, rates);
        assertThat(rates).as("every rate in the JSON").hasSizeGreaterThanOrEqualTo(12).allSatisfy(rate -> {
            assertThat(rate.path("not_measured").isMissingNode()).as("%s", rate).isTrue();
            assertThat(rate.path("per_second").asDouble()).as("%s", rate).isPositive().isFinite();
            assertThat(rate.path("items").asLong()).as("%s", rate).isPositive();
        });

        Map<String, Double> ceilingBest = Map.of(
                root.path("models").path("embedding").asText(), best(root, 0),
                root.path("models").path("classification").asText(), best(root, 1));
        double embeddingCeiling = ceilingBest.get(root.path("models").path("embedding").asText());
        double classifierCeiling = ceilingBest.get(root.path("models").path("classification").asText());
        assertBelowCeiling("batcher, embedding", root.at("/batcher/embedding/per_second"), embeddingCeiling);
        assertBelowCeiling("batcher, classification", root.at("/batcher/classification/per_second"),
                classifierCeiling);
        assertBelowCeiling("end to end", root.at("/end_to_end/max/per_second"), embeddingCeiling);
        assertBelowCeiling("per-record", root.at("/per_record/per_second"), embeddingCeiling);
        assertBelowCeiling("LangChain4j", root.at("/langchain4j_embedding/per_second"), embeddingCeiling);
        assertBelowCeiling("DJL", root.at("/djl_classification/per_second"), classifierCeiling);
        for (JsonNode point : root.path("end_to_end").path("latency")) {
            assertBelowCeiling("end to end under load", point.at("/achieved/per_second"), embeddingCeiling);
        }

        assertThat(root.path("result_cache")).hasSize(3);
        for (JsonNode run : root.path("result_cache")) {
            // a hit costs something, so the cache can at most remove the misses' work: 1 / (1 - share)
            assertBelowCeiling("cache off", run.at("/off/per_second"), embeddingCeiling);
            assertBelowCeiling("cache on", run.at("/on/per_second"), embeddingCeiling * run.path("ideal").asDouble());
        }

        assertThat(root.path("ceiling")).hasSize(2);
        assertThat(root.path("ceiling").get(0).path("points")).hasSize(2);
        assertThat(root.path("end_to_end").path("latency")).hasSize(2);
        assertThat(root.path("end_to_end").path("latency").get(0).path("events").asInt()).isPositive();
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(BenchPlot.WIDTH);
    }

    private static double best(JsonNode root, int ceiling) {
        double best = root.path("ceiling").get(ceiling).path("best_per_second").asDouble();
        assertThat(best).as("ceiling %d", ceiling).isPositive().isFinite();
        return best;
    }

    private static void assertBelowCeiling(String what, JsonNode perSecond, double ceiling) {
        assertThat(perSecond.asDouble()).as("%s against the raw ceiling %.0f/s", what, ceiling)
                .isPositive().isLessThan(IMPOSSIBLE_OVER_CEILING * ceiling);
    }

    /** Every object with a per_second field: the JSON form of a {@link Rate}. */
    private static void collectRates(JsonNode node, List<JsonNode> rates) {
        if (node.isObject() && node.has("per_second") && node.has("items")) {
            rates.add(node);
        }
        node.forEach(child -> collectRates(child, rates));
    }
}
