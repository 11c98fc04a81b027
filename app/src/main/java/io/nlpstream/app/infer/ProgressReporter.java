package io.nlpstream.app.infer;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a run on stderr: every {@code interval}, the lines written so far and the rate since the last report,
 * and at the end a one-line {@link InferSummary}. Periodic lines are printed only when asked from the start (stderr
 * is a terminal, or the input file is large) or once the input has proven large ({@value #LARGE_INPUT_LINES}
 * lines), so short piped jobs stay quiet apart from the summary.
 *
 * <p>Called from the writing thread only; {@link #lineWritten} reads the clock, nothing else.
 */
final class ProgressReporter {
    static final long LARGE_INPUT_LINES = 100_000;

    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final long startNanos;
    private boolean periodic;
    private long lines;
    private long errors;
    private long lastReportNanos;
    private long lastReportLines;

    ProgressReporter(PrintWriter err, boolean periodic, LongSupplier nanoClock, Duration interval) {
        this.err = err;
        this.periodic = periodic;
        this.nanoClock = nanoClock;
        this.intervalNanos = interval.toNanos();
        this.startNanos = nanoClock.getAsLong();
        this.lastReportNanos = startNanos;
    }

    void lineWritten(boolean error) {
        lines++;
        if (error) {
            errors++;
        }
        if (!periodic) {
            if (lines < LARGE_INPUT_LINES) {
                return;
            }
            periodic = true;
        }
        long now = nanoClock.getAsLong();
        long sinceLast = now - lastReportNanos;
        if (sinceLast >= intervalNanos) {
            double rate = (lines - lastReportLines) / (sinceLast / 1e9);
            err.println(String.format(Locale.ROOT, "infer: %d lines (%d errors), %.0f lines/s", lines, errors, rate));
            err.flush();
            lastReportNanos = now;
            lastReportLines = lines;
        }
    }

    /** Prints and returns the final summary. */
    InferSummary finish() {
        InferSummary summary = new InferSummary(lines, errors, Duration.ofNanos(nanoClock.getAsLong() - startNanos));
        err.println(summary.describe());
        err.flush();
        return summary;
    }
}
