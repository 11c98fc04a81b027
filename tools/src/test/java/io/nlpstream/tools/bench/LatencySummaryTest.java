package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesAreNearestRank() {
        LatencySummary s = LatencySummary.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isEqualTo(50);
        assertThat(s.p95()).isEqualTo(95);
        assertThat(s.p99()).isEqualTo(99);
        assertThat(s.max()).isEqualTo(100);
    }

    @Test
    void theCdfRisesToOneAndStaysSmall() {
        LatencySummary s = LatencySummary.of(LongStream.range(0, 10_001).toArray());
        assertThat(s.cdf()).hasSizeLessThanOrEqualTo(LatencySummary.CDF_POINTS + 1);
        assertThat(s.cdf().get(s.cdf().size() - 1)).containsExactly(10_000, 1.0);
        for (int i = 1; i < s.cdf().size(); i++) {
            assertThat(s.cdf().get(i)[0]).isGreaterThanOrEqualTo(s.cdf().get(i - 1)[0]);
            assertThat(s.cdf().get(i)[1]).isGreaterThan(s.cdf().get(i - 1)[1]);
        }
    }

    @Test
    void noLatenciesIsEmpty() {
        assertThat(LatencySummary.of(new long[0])).isEqualTo(LatencySummary.EMPTY);
    }
}
