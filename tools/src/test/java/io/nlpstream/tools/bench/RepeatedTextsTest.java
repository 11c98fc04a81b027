package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RepeatedTextsTest {
    private static final List<String> CORPUS = List.of("alpha", "beta", "gamma");

    @Test
    void aBurstRepeatsTheAskedShareOfItsTexts() {
        for (double share : List.of(0.0, 0.5, 0.9)) {
            List<String> burst = RepeatedTexts.burst(CORPUS, 1000, share, "t", new Random(1));
            assertThat(burst).hasSize(1000);
            int distinct = new HashSet<>(burst).size();
            assertThat(1 - distinct / 1000.0).as("repeat share").isCloseTo(share,
                    org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    @Test
    void burstsWithDifferentTagsShareNoText() {
        List<String> a = RepeatedTexts.burst(CORPUS, 100, 0.5, "a", new Random(1));
        List<String> b = RepeatedTexts.burst(CORPUS, 100, 0.5, "b", new Random(1));
        assertThat(new HashSet<>(a)).doesNotContainAnyElementsOf(b);
        assertThat(a).allSatisfy(text -> assertThat(text).contains("(a-"));
    }

    @Test
    void aBurstHasAtLeastOneTextAndTheShareMustBeBelowOne() {
        assertThat(RepeatedTexts.distinct(5, 0.99)).isEqualTo(1);
        assertThatThrownBy(() -> RepeatedTexts.distinct(5, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
