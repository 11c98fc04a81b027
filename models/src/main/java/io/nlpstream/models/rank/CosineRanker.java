package io.nlpstream.models.rank;

import io.nlpstream.models.result.RankedHit;
import io.nlpstream.models.vector.Vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Exact bi-encoder ranking: the {@code k} entries of a base most similar by cosine to each query, best first, in
 * one pass over the base for a whole batch of queries (a base read from a store is read once per batch, not once
 * per query). Each query keeps a bounded heap, so ranking costs O(n log k) time and O(k) memory and a candidate is
 * only allocated when it enters the heap. Ties rank by id, so results are deterministic whatever the base's order.
 */
public final class CosineRanker {

    private CosineRanker() {
    }

    /**
     * One ranked entry of a base.
     *
     * @param score its cosine similarity to the query
     */
    public record Scored<T>(String id, T entry, double score) {
    }

    /** Best first: higher score, then smaller id. */
    private static final Comparator<Scored<?>> BEST_FIRST = Comparator.<Scored<?>>comparingDouble(Scored::score)
            .reversed().thenComparing(Scored::id);
    private static final Comparator<Scored<?>> WORST_FIRST = BEST_FIRST.reversed();

    /** The {@code k} entries of {@code base} most similar to {@code query}, best first. */
    public static List<RankedHit> topK(float[] query, Iterable<Map.Entry<String, float[]>> base, int k) {
        List<Scored<Map.Entry<String, float[]>>> best =
                topK(new float[][]{query}, base.iterator(), Map.Entry::getKey, Map.Entry::getValue, k).get(0);
        List<RankedHit> hits = new ArrayList<>(best.size());
        for (Scored<Map.Entry<String, float[]>> scored : best) {
            hits.add(new RankedHit(scored.id(), scored.score()));
        }
        return hits;
    }

    /**
     * The {@code k} best entries of {@code base} for each query, best first. An entry whose vector is {@code null},
     * or of another dimension than a query, is skipped for it: its vector lives in another space.
     *
     * @param queries  the query vectors, any length
     * @param base     the entries to rank, consumed once (not closed)
     * @param idOf     an entry's id, which breaks ties
     * @param vectorOf an entry's vector, any length; {@code null} to leave the entry out
     * @return {@code result.get(q)} for {@code queries[q]}
     */
    public static <T> List<List<Scored<T>>> topK(float[][] queries, Iterator<? extends T> base,
                                                 Function<? super T, String> idOf,
                                                 Function<? super T, float[]> vectorOf, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
        int n = queries.length;
        double[] queryNorms = new double[n];
        List<PriorityQueue<Scored<T>>> heaps = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            queryNorms[q] = Vectors.norm(queries[q]);
            heaps.add(new PriorityQueue<>(k + 1, WORST_FIRST));
        }
        while (k > 0 && base.hasNext()) {
            T entry = base.next();
            float[] vector = vectorOf.apply(entry);
            if (vector == null) {
                continue;
            }
            double norm = Vectors.norm(vector);
            String id = null;
            for (int q = 0; q < n; q++) {
                if (vector.length != queries[q].length) {
                    continue;
                }
                double score = Vectors.cosine(Vectors.dot(queries[q], vector), queryNorms[q], norm);
                PriorityQueue<Scored<T>> heap = heaps.get(q);
                if (heap.size() == k) {
                    Scored<T> worst = heap.peek();
                    if (score < worst.score()) {
                        continue;
                    }
                    if (id == null) {
                        id = idOf.apply(entry);
                    }
                    if (score == worst.score() && id.compareTo(worst.id()) >= 0) {
                        continue;
                    }
                    heap.poll();
                } else if (id == null) {
                    id = idOf.apply(entry);
                }
                heap.add(new Scored<>(id, entry, score));
            }
        }
        List<List<Scored<T>>> results = new ArrayList<>(n);
        for (PriorityQueue<Scored<T>> heap : heaps) {
            List<Scored<T>> best = new ArrayList<>(heap);
            best.sort(BEST_FIRST);
            results.add(best);
        }
        return results;
    }
}
