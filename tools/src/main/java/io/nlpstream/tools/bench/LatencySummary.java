package io.nlpstream.tools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.nlpstream.tools.support.NearestRank;

/**
 * Latencies of one run in milliseconds: the percentiles the table shows and the cumulative distribution the plot
 * draws. Percentiles are {@link NearestRank}'s.
 *
 * @param cdf {@code [latency ms, share of events at or below it]} pairs, at most {@link #CDF_POINTS}
 */
public record LatencySummary(int count, double p50, double p95, double p99, double max, List<double[]> cdf) {

    static final int CDF_POINTS = 100;

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, List.of());

    public LatencySummary {
        cdf = List.copyOf(cdf);
    }

    public static LatencySummary of(long[] latenciesMs) {
        if (latenciesMs.length == 0) {
            return EMPTY;
        }
        long[] sorted = latenciesMs.clone();
        Arrays.sort(sorted);
        List<double[]> cdf = new ArrayList<>();
        int step = Math.max(1, sorted.length / CDF_POINTS);
        for (int i = step - 1; i < sorted.length; i += step) {
            cdf.add(new double[] {sorted[i], (i + 1) / (double) sorted.length});
        }
        if (cdf.get(cdf.size() - 1)[1] < 1.0) {
            cdf.add(new double[] {sorted[sorted.length - 1], 1.0});
        }
        return new LatencySummary(sorted.length, NearestRank.of(sorted, 50), NearestRank.of(sorted, 95),
                NearestRank.of(sorted, 99), sorted[sorted.length - 1], cdf);
    }
}
