package io.nlpstream.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} whole, on a tiny budget: every part really runs (ceiling, batcher, embedded Kafka end to end, the
 * per-record consumer, LangChain4j, DJL) and the three outputs come out. No assertion on speed: on shared cores
 * only the shape of the results is stable.
 *
 * <p>Runs in a JVM of its own (a separate Surefire execution): DJL's engine must create the process-wide ONNX
 * Runtime environment, which other tests would already have made.
 */
class BenchCommandTest {

    /** Run in a mixed selection (-Dtest=...), another test may have made the environment first: then skip. */
    @BeforeAll
    static void djlCanStartItsEngine() {
        try {
            DjlPeer.startEngine();
        } catch (ExceptionInInitializerError | NoClassDefFoundError e) {
            assumeTrue(false, "DJL's engine needs a JVM where nothing has used ONNX Runtime yet; run this test alone");
        }
    }

    @Test
    @Timeout(180)
    void runsEveryPartAndWritesTableJsonAndPlot(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path json = dir.resolve("bench.json");
        Path plot = dir.resolve("bench.png");

        int exit = new CommandLine(new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--quick", "--time-scale", "0.03", "--batch-sizes", "1,8", "--json", json.toString(),
                        "--plot", plot.toString());

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(table).contains("ceiling: raw ONNX Runtime", "batcher alone, all-MiniLM-L6-v2-q",
                "end to end, Kafka", "end to end at 50%", "end to end at 90%", "per-record mapValues",
                "LangChain4j embedAll", "DJL batchPredict", "batched_vs_per_record", "vs_djl_classification");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        for (String ratio : new String[] {"batched_vs_per_record", "e2e_vs_raw_ceiling", "vs_langchain4j_embedding",
            "vs_djl_classification"}) {
            assertThat(root.path("ratios").path(ratio).asDouble()).as(ratio).isPositive();
        }
        assertThat(root.path("ceiling")).hasSize(2);
        assertThat(root.path("ceiling").get(0).path("points")).hasSize(2);
        assertThat(root.path("end_to_end").path("latency")).hasSize(2);
        assertThat(root.path("end_to_end").path("latency").get(0).path("events").asInt()).isPositive();
        assertThat(root.path("djl_classification").path("per_second").asDouble()).isPositive();
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(BenchPlot.WIDTH);
    }
}
