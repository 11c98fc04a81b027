package io.nlpstream.tools.support;

/**
 * Nearest-rank percentiles, the one definition the bench and the demo report: the p-th percentile of n sorted
 * values is the smallest value that at least p% of them do not exceed, so it is always one of the values.
 */
public final class NearestRank {
    private NearestRank() {
    }

    /** Where the {@code percent}-th percentile sits in {@code count} sorted values ({@code count >= 1}). */
    public static int index(int count, double percent) {
        if (count < 1) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100: " + percent);
        }
        int rank = (int) Math.ceil(percent / 100.0 * count);
        return Math.max(0, Math.min(count - 1, rank - 1));
    }

    /** The {@code percent}-th percentile of {@code sorted} (ascending, not empty). */
    public static long of(long[] sorted, double percent) {
        return sorted[index(sorted.length, percent)];
    }

    /** The {@code percent}-th percentile of {@code sorted} (ascending, not empty). */
    public static int of(int[] sorted, double percent) {
        return sorted[index(sorted.length, percent)];
    }
}
