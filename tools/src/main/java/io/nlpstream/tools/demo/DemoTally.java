package io.nlpstream.tools.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.nlpstream.tools.support.NearestRank;

/**
 * What the demo has seen so far: enriched events with their end-to-end latencies, and dead letters by reason.
 * Used from the one thread that reads the output topics.
 */
final class DemoTally {
    private final long startNanos;
    private long[] latenciesMs = new long[1024];
    private int enriched;
    private final Map<String, Integer> deadLetters = new TreeMap<>();

    DemoTally(long startNanos) {
        this.startNanos = startNanos;
    }

    void enriched(long latencyMs) {
        if (enriched == latenciesMs.length) {
            latenciesMs = Arrays.copyOf(latenciesMs, enriched * 2);
        }
        latenciesMs[enriched++] = Math.max(0, latencyMs);
    }

    void deadLetter(String reason) {
        deadLetters.merge(reason == null ? "UNKNOWN" : reason, 1, Integer::sum);
    }

    int enriched() {
        return enriched;
    }

    int deadLetters() {
        return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
    }

    int seen() {
        return enriched + deadLetters();
    }

    Map<String, Integer> deadLettersByReason() {
        return Map.copyOf(deadLetters);
    }

    Duration elapsed(long nowNanos) {
        return Duration.ofNanos(nowNanos - startNanos);
    }

    /** The {@link NearestRank} percentile of the latencies so far, in ms; 0 when none. */
    long latencyPercentile(double percent) {
        if (enriched == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(latenciesMs, enriched);
        Arrays.sort(sorted);
        return NearestRank.of(sorted, percent);
    }

    /** One line for the live progress display. */
    String progressLine(int expected, long nowNanos) {
        double seconds = Math.max(1e-9, elapsed(nowNanos).toNanos() / 1e9);
        return String.format(Locale.ROOT, "%d/%d events  %d enriched  %d dead letters  %.0f events/s  p50 %d ms",
                seen(), expected, enriched, deadLetters(), seen() / seconds, latencyPercentile(50));
    }

    /** The final summary, several lines. */
    String summary(int produced, long nowNanos) {
        double seconds = Math.max(1e-9, elapsed(nowNanos).toNanos() / 1e9);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "events produced   %d%n", produced));
        s.append(String.format(Locale.ROOT, "enriched          %d%n", enriched));
        s.append(String.format(Locale.ROOT, "dead letters      %d%s%n", deadLetters(),
                deadLetters.isEmpty() ? "" : "  " + deadLetters));
        s.append(String.format(Locale.ROOT, "time              %.1f s  (%.0f events/s)%n", seconds, seen() / seconds));
        s.append(String.format(Locale.ROOT, "latency (ms)      p50 %d  p95 %d  p99 %d  max %d%n",
                latencyPercentile(50), latencyPercentile(95), latencyPercentile(99), latencyPercentile(100)));
        return s.toString();
    }
}
