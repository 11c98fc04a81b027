package io.nlpstream.app.infer;

import java.time.Duration;
import java.util.Locale;

/** What one infer run did: lines written (each input line yields one), of which error lines, and its wall time. */
public record InferSummary(long lines, long errors, Duration elapsed) {

    public double linesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? lines / seconds : 0;
    }

    /** One line for stderr, e.g. {@code infer: 20000 lines (3 errors) in 4.1 s, 4878 lines/s}. */
    public String describe() {
        return String.format(Locale.ROOT, "infer: %d lines (%d errors) in %.1f s, %.0f lines/s",
                lines, errors, elapsed.toNanos() / 1e9, linesPerSecond());
    }
}
