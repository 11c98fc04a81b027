package io.nlpstream.topology.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;

/**
 * Exact top-k cosine ranking over unit vectors, one pass over the base for a whole batch of queries (the base is
 * read once per micro-batch, not once per query). Ties break by response id so results are deterministic.
 */
public final class CosineTopK {
    private static final Comparator<ResponseHit> WORST_FIRST = Comparator.comparingDouble(ResponseHit::score)
            .thenComparing(ResponseHit::responseId, Comparator.reverseOrder());

    private CosineTopK() {
    }

    /** {@code v} scaled to unit length; a zero vector is returned as zeros. */
    public static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = new float[v.length];
        if (norm == 0) {
            return out;
        }
        double inv = 1.0 / Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }

    /**
     * The {@code k} best responses for each query, best first. Entries of another {@code modelVersion} or another
     * dimension are skipped: their vectors live in a different space.
     *
     * @param queries query vectors, any length (they are normalized here)
     * @param base    the response base; consumed, not closed
     */
    public static List<List<ResponseHit>> topK(float[][] queries, Iterator<KeyValue<String, CachedEmbedding>> base,
                                               int k, String modelVersion) {
        int n = queries.length;
        float[][] units = new float[n][];
        List<PriorityQueue<ResponseHit>> heaps = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            units[q] = unit(queries[q]);
            heaps.add(new PriorityQueue<>(k + 1, WORST_FIRST));
        }
        while (base.hasNext()) {
            KeyValue<String, CachedEmbedding> entry = base.next();
            CachedEmbedding response = entry.value;
            if (response == null || !response.modelVersion().equals(modelVersion)) {
                continue;
            }
            for (int q = 0; q < n; q++) {
                if (response.vector().length != units[q].length) {
                    continue;
                }
                double score = dot(units[q], response.vector());
                PriorityQueue<ResponseHit> heap = heaps.get(q);
                if (heap.size() < k || score > heap.peek().score()
                        || (score == heap.peek().score() && entry.key.compareTo(heap.peek().responseId()) < 0)) {
                    heap.add(new ResponseHit(entry.key, response.text(), score));
                    if (heap.size() > k) {
                        heap.poll();
                    }
                }
            }
        }
        List<List<ResponseHit>> results = new ArrayList<>(n);
        for (PriorityQueue<ResponseHit> heap : heaps) {
            List<ResponseHit> hits = new ArrayList<>(heap);
            hits.sort(WORST_FIRST.reversed());
            results.add(hits);
        }
        return results;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
