package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BenchCorpusTest {

    @Test
    void theSameSeedGivesTheSameTexts() {
        assertThat(BenchCorpus.texts(300, 7)).isEqualTo(BenchCorpus.texts(300, 7)).hasSize(300)
                .isNotEqualTo(BenchCorpus.texts(300, 8));
    }

    @Test
    void mostTextsAreShortAndAFewAreLong() {
        Random random = new Random(1);
        int[] buckets = new int[4];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            int n = BenchCorpus.sentenceCount(random);
            buckets[n <= 2 ? 0 : n <= 6 ? 1 : n <= 14 ? 2 : 3]++;
        }
        assertThat(buckets[0] / (double) draws).isBetween(0.47, 0.53);
        assertThat(buckets[1] / (double) draws).isBetween(0.27, 0.33);
        assertThat(buckets[2] / (double) draws).isBetween(0.13, 0.17);
        assertThat(buckets[3] / (double) draws).isBetween(0.04, 0.06);
    }

    @Test
    void longTextsAreManySentences() {
        List<String> texts = BenchCorpus.texts(1000, 7);
        int longest = texts.stream().mapToInt(String::length).max().orElseThrow();
        int shortest = texts.stream().mapToInt(String::length).min().orElseThrow();
        assertThat(longest).isGreaterThan(20 * shortest);
        assertThat(texts).allSatisfy(t -> assertThat(t).isNotBlank());
    }
}
