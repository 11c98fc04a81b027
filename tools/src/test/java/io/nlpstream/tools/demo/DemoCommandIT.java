package io.nlpstream.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first command, whole: embedded Kafka and registry, the real service, sample traffic, the report. */
class DemoCommandIT {

    @Test
    @Timeout(300)
    void runsTheWholeProductAndReportsEveryEvent(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dump = dir.resolve("dump.jsonl");

        int exit = new CommandLine(new DemoCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--events", "30", "--rows", "5", "--dump", dump.toString());

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(report).contains("id           | text", "sentiment", "ranker")
                .contains("... 25 more enriched events")
                .contains("events produced   32", "enriched          30", "dead letters      2")
                .contains("demo-blank: EMPTY_TEXT", "demo-garbled: INVALID_EVENT")
                .contains("latency (ms)      p50");
        List<String> lines = Files.readAllLines(dump);
        assertThat(lines).hasSize(30);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("id").asText()).startsWith("demo-");
        assertThat(first.get("results")).hasSize(first.get("question").isNull() ? 4 : 5);
        // Every event is decided; the review route got exactly the events decided "review", and a few of them.
        ObjectMapper json = new ObjectMapper();
        long reviewed = 0;
        for (String line : lines) {
            String action = json.readTree(line).path("decision").path("action").asText();
            assertThat(action).isIn("allow", "review", "hide");
            reviewed += action.equals("review") ? 1 : 0;
        }
        assertThat(reviewed).isPositive();
        assertThat(report).contains("| decision")
                .contains("Review queue (topic 'demo-events-review', decision in headers): " + reviewed + " events");
    }
}
