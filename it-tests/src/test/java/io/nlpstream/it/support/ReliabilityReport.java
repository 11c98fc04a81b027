package io.nlpstream.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * {@code it-tests/target/reliability-report.json}: one row per scenario,
 * {@code {"scenarios":[{"name", "produced", "enriched", "dead_letters", "dead_letters_by_reason", "lost",
 * "duplicated", "stalled_seconds", "seconds"}]}}. Rows are merged by name on every write, so re-running one
 * scenario replaces its row and keeps the others.
 */
public final class ReliabilityReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReliabilityReport() {
    }

    /**
     * @param deadLettersByReason dead letters by their {@code dlq.reason}
     * @param stalledSeconds      the longest time with lag and no progress ({@link StallWatch})
     */
    public record Row(String name, int produced, int enriched, @JsonProperty("dead_letters") int deadLetters,
                      @JsonProperty("dead_letters_by_reason") Map<String, Integer> deadLettersByReason,
                      int lost, int duplicated, @JsonProperty("stalled_seconds") double stalledSeconds,
                      double seconds) {

        public static Row of(String name, Reconciliation r, long startNanos) {
            double seconds = Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
            return new Row(name, r.produced(), r.enriched(), r.deadLetters(), r.deadLettersByReason(),
                    r.lost().size(), r.duplicated().size(), r.stalledSeconds(), seconds);
        }
    }

    record Report(List<Row> scenarios) {
    }

    /** Adds or replaces {@code row} in the report file named by {@code -Dnlpstream.report}. */
    public static synchronized void add(Row row) {
        Path file = Path.of(System.getProperty("nlpstream.report", "target/reliability-report.json"));
        try {
            List<Row> rows = new ArrayList<>();
            if (Files.exists(file)) {
                rows.addAll(JSON.readValue(file.toFile(), Report.class).scenarios());
            }
            rows.removeIf(existing -> existing.name().equals(row.name()));
            rows.add(row);
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), new Report(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability report " + file, e);
        }
    }
}
