package io.nlpstream.models.rank;

import io.nlpstream.models.head.Maths;
import io.nlpstream.models.result.RankedHit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Bi-encoder ranking helpers: cosine similarity and the {@code k} nearest entries of a response base, kept in a
 * bounded heap so ranking a large base costs O(n log k) time and O(k) memory. Ties rank by id, so results are
 * deterministic whatever the base's iteration order.
 */
public final class CosineRanker {
    /** Best first: higher score, then smaller id. */
    private static final Comparator<RankedHit> BEST_FIRST =
            Comparator.comparingDouble(RankedHit::score).reversed().thenComparing(RankedHit::id);

    private CosineRanker() {
    }

    /** {@code a . b / (|a| |b|)}; 0 when either vector is all zeros. */
    public static double cosine(float[] a, float[] b) {
        double dot = Maths.dot(a, b);
        double norms = Math.sqrt(Maths.dot(a, a)) * Math.sqrt(Maths.dot(b, b));
        return norms == 0 ? 0 : dot / norms;
    }

    /** The {@code k} entries of {@code base} most similar to {@code query}, best first. */
    public static List<RankedHit> topK(float[] query, Iterable<Map.Entry<String, float[]>> base, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        if (k == 0) {
            return List.of();
        }
        // the heap's head is the worst hit kept so far
        PriorityQueue<RankedHit> kept = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
        for (Map.Entry<String, float[]> entry : base) {
            RankedHit hit = new RankedHit(entry.getKey(), cosine(query, entry.getValue()));
            if (kept.size() < k) {
                kept.add(hit);
            } else if (BEST_FIRST.compare(hit, kept.peek()) < 0) {
                kept.poll();
                kept.add(hit);
            }
        }
        List<RankedHit> result = new ArrayList<>(kept);
        result.sort(BEST_FIRST);
        return result;
    }
}
