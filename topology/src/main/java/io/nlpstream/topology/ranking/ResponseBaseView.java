package io.nlpstream.topology.ranking;

import io.nlpstream.topology.EnrichmentTopology;
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
 * Each call scans the base: exact, O(size x dimension).
 */
public final class ResponseBaseView {
    private final ReadOnlyKeyValueStore<String, CachedEmbedding> store;
    private final String modelVersion;

    public ResponseBaseView(ReadOnlyKeyValueStore<String, CachedEmbedding> store, String modelVersion) {
        this.store = Objects.requireNonNull(store, "store");
        this.modelVersion = Objects.requireNonNull(modelVersion, "modelVersion");
    }

    /** The view of a running application's global response-base store (interactive query). */
    public static ResponseBaseView of(KafkaStreams streams, String modelVersion) {
        ReadOnlyKeyValueStore<String, CachedEmbedding> store = streams.store(StoreQueryParameters.fromNameAndType(
                EnrichmentTopology.RESPONSE_BASE_STORE, QueryableStoreTypes.keyValueStore()));
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
            return CosineTopK.topK(queries, all, k, modelVersion);
        }
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
