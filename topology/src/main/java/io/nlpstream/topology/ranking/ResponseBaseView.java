package io.nlpstream.topology.ranking;

import io.nlpstream.models.rank.CosineRanker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only ranking over the whole response base, as every instance's global store holds it. Only responses
 * embedded by {@code modelVersion} count (after a model upgrade, old vectors disappear as they are re-embedded).
 * Each call scans the base once for all its queries ({@link CosineRanker}): exact, O(size x dimension x queries).
 * Ties break by response id.
 */
public final class ResponseBaseView {
    /** The global store every instance keeps the response base in. */
    public static final String STORE_NAME = "response-base.embeddings";

    private final ReadOnlyKeyValueStore<String, CachedEmbedding> store;
    private final String modelVersion;

    public ResponseBaseView(ReadOnlyKeyValueStore<String, CachedEmbedding> store, String modelVersion) {
        this.store = Objects.requireNonNull(store, "store");
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** The view of a running application's global response-base store (interactive query). */
    public static ResponseBaseView of(KafkaStreams streams, String modelVersion) {
        ReadOnlyKeyValueStore<String, CachedEmbedding> store = streams.store(StoreQueryParameters.fromNameAndType(
                STORE_NAME, QueryableStoreTypes.keyValueStore()));
        return new ResponseBaseView(store, modelVersion);
    }

    /** The {@code k} responses most similar to {@code query}, best first. */
    public List<ResponseHit> topK(float[] query, int k) {
        return topK(new float[][] {query}, k).get(0);
    }

    /** The {@code k} best responses for each query, in one pass over the base. */
    public List<List<ResponseHit>> topK(float[][] queries, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        try (KeyValueIterator<String, CachedEmbedding> all = store.all()) {
            return rank(queries, all, k, modelVersion);
        }
    }

    /**
     * The {@code k} best entries of {@code base} for each query, best first; entries of another model version or
     * another dimension are skipped, since their vectors live in another space.
     */
    static List<List<ResponseHit>> rank(float[][] queries, Iterator<KeyValue<String, CachedEmbedding>> base, int k,
                                        String modelVersion) {
        List<List<CosineRanker.Scored<KeyValue<String, CachedEmbedding>>>> ranked = CosineRanker.topK(queries, base,
                entry -> entry.key,
                entry -> entry.value != null && entry.value.modelVersion().equals(modelVersion)
                        ? entry.value.vector() : null,
                k);
        List<List<ResponseHit>> hits = new ArrayList<>(ranked.size());
        for (List<CosineRanker.Scored<KeyValue<String, CachedEmbedding>>> best : ranked) {
            List<ResponseHit> forQuery = new ArrayList<>(best.size());
            for (CosineRanker.Scored<KeyValue<String, CachedEmbedding>> hit : best) {
                forQuery.add(new ResponseHit(hit.id(), hit.entry().value.text(), hit.score()));
            }
            hits.add(forQuery);
        }
        return hits;
    }

    /** Responses of the current model version. */
    public int size() {
        int n = 0;
        try (KeyValueIterator<String, CachedEmbedding> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, CachedEmbedding> entry = all.next();
                if (entry.value != null && entry.value.modelVersion().equals(modelVersion)) {
                    n++;
                }
            }
        }
        return n;
    }
}
