package io.nlpstream.tools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Bursts for the result-cache comparison: {@code events} texts of which a share {@code repeatShare} repeat a text
 * seen earlier in the same burst (a spam wave, a retweet), in random order. Every distinct text carries the burst's
 * tag, so no burst repeats another's texts and a cache starts each burst cold.
 */
final class RepeatedTexts {
    private RepeatedTexts() {
    }

    /** How many distinct texts a burst of {@code events} has at this repeat share (at least one). */
    static int distinct(int events, double repeatShare) {
        if (events < 1 || repeatShare < 0 || repeatShare >= 1) {
            throw new IllegalArgumentException("a burst needs events >= 1 and a repeat share in [0, 1)");
        }
        return Math.max(1, (int) Math.round(events * (1 - repeatShare)));
    }

    static List<String> burst(List<String> corpus, int events, double repeatShare, String tag, Random random) {
        int distinct = distinct(events, repeatShare);
        List<String> originals = new ArrayList<>(distinct);
        for (int i = 0; i < distinct; i++) {
            originals.add(corpus.get(random.nextInt(corpus.size())) + " (" + tag + "-" + i + ")");
        }
        List<String> burst = new ArrayList<>(originals);
        while (burst.size() < events) {
            burst.add(originals.get(random.nextInt(distinct)));
        }
        Collections.shuffle(burst, random);
        return burst;
    }
}
