package io.nlpstream.tools.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class NearestRankTest {

    @Test
    void thePercentileIsTheSmallestValueThatThatShareDoesNotExceed() {
        long[] oneToHundred = LongStream.rangeClosed(1, 100).toArray();
        assertThat(NearestRank.of(oneToHundred, 50)).isEqualTo(50);
        assertThat(NearestRank.of(oneToHundred, 99)).isEqualTo(99);
        assertThat(NearestRank.of(oneToHundred, 99.5)).isEqualTo(100);
        assertThat(NearestRank.of(oneToHundred, 100)).isEqualTo(100);
        assertThat(NearestRank.of(oneToHundred, 0)).isEqualTo(1);
    }

    @Test
    void fewValuesRoundTheRankUp() {
        assertThat(NearestRank.of(new int[] {10, 20, 30}, 50)).isEqualTo(20);
        assertThat(NearestRank.of(new int[] {10, 20, 30, 40}, 50)).isEqualTo(20);
        assertThat(NearestRank.of(new int[] {10, 20, 30, 40}, 51)).isEqualTo(30);
        assertThat(NearestRank.of(new long[] {7}, 90)).isEqualTo(7);
    }

    @Test
    void noValuesOrAPercentOutsideZeroToHundredIsAnError() {
        assertThatThrownBy(() -> NearestRank.index(0, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestRank.index(3, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestRank.index(3, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
