package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchJsonTest {

    @Test
    void ratiosAndTargetsUseTheIssuesNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/bench.json");
        BenchJson.write(SampleResults.sample(), file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());

        assertThat(fieldNames(root.path("ratios"))).containsExactly("batched_vs_per_record", "e2e_vs_raw_ceiling",
                "vs_langchain4j_embedding", "vs_djl_classification", "cache_at_50pct_repeats",
                "cache_at_90pct_repeats");
        assertThat(root.path("ratios").path("batched_vs_per_record").asDouble()).isEqualTo(2.0);
        assertThat(root.path("ratios").path("cache_at_90pct_repeats").asDouble()).isEqualTo(4.5);
        assertThat(root.path("targets").path("cache_at_90pct_repeats").path("target").asDouble()).isEqualTo(5.0);
        assertThat(root.path("targets").path("vs_djl_classification").path("target").asDouble()).isEqualTo(1.3);
        assertThat(root.path("targets").path("vs_djl_classification").path("met").asBoolean()).isTrue();
        assertThat(root.path("targets").path("e2e_vs_raw_ceiling").path("met").asBoolean()).isFalse();
    }

    @Test
    void everyRawFigureIsThere() {
        JsonNode root = BenchJson.tree(SampleResults.sample());
        assertThat(fieldNames(root)).contains("environment", "corpus", "models", "ceiling", "batcher", "end_to_end",
                "per_record", "langchain4j_embedding", "djl_classification");
        JsonNode ceiling = root.path("ceiling").get(0);
        assertThat(ceiling.path("model").asText()).isEqualTo("all-MiniLM-L6-v2-q");
        assertThat(ceiling.path("best_batch_size").asInt()).isEqualTo(16);
        assertThat(ceiling.path("points")).hasSize(4);
        assertThat(ceiling.path("points").get(0).path("per_second").asDouble()).isEqualTo(150);
        assertThat(root.path("batcher").path("embedding").path("mean_batch_size").asDouble()).isEqualTo(20.5);
        JsonNode e2e = root.path("end_to_end");
        assertThat(e2e.path("max").path("per_second").asDouble()).isEqualTo(200);
        assertThat(e2e.path("heap_peak_bytes").asLong()).isEqualTo(300L << 20);
        JsonNode load = e2e.path("latency").get(1);
        assertThat(load.path("share_of_max").asDouble()).isEqualTo(0.9);
        assertThat(load.path("p99_ms").asDouble()).isEqualTo(400);
        assertThat(load.path("cdf").get(0)).hasSize(2);
        assertThat(root.path("per_record").path("per_second").asDouble()).isEqualTo(100);
        assertThat(root.path("environment").path("load_average_before").asDouble()).isEqualTo(1.5);
        assertThat(root.path("batching_headroom").asDouble()).isBetween(2.66, 2.67);
        JsonNode cache = root.path("result_cache");
        assertThat(cache).hasSize(3);
        assertThat(cache.get(1).path("repeat_share").asDouble()).isEqualTo(0.5);
        assertThat(cache.get(1).path("on").path("per_second").asDouble()).isEqualTo(380);
        assertThat(cache.get(1).path("off").path("per_second").asDouble()).isEqualTo(200);
        assertThat(cache.get(1).path("ratio").asDouble()).isEqualTo(1.9);
        assertThat(cache.get(2).path("ideal").asDouble()).isCloseTo(10, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aFigureThatWasNotMeasuredIsNullWithTheReasonNotZero() {
        JsonNode root = BenchJson.tree(SampleResults.withUnmeasuredLangChain4j());
        assertThat(root.path("langchain4j_embedding").path("per_second").isNull()).isTrue();
        assertThat(root.path("langchain4j_embedding").path("not_measured").asText())
                .isEqualTo("n/a: fewer than 64 completed");
        assertThat(root.path("ratios").path("vs_langchain4j_embedding").isNull()).isTrue();
        assertThat(root.path("targets").path("vs_langchain4j_embedding").path("measured").asBoolean()).isFalse();
        assertThat(root.path("ratios").path("vs_djl_classification").asDouble()).isEqualTo(1.3);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
