package io.nlpstream.topology.enrich;

import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Makes a cached store's flush skip deletes of keys that never reached the store, so an event put and deleted
 * between two commits costs no changelog write at all, not even a tombstone.
 *
 * <p>Kafka Streams' record cache already absorbs such a put; but at flush it writes every dirty entry through to
 * the store and its changelog, deletes included, unless a flush listener is set: then a delete whose key is neither
 * in the store nor was ever flushed is dropped (the optimisation KTables rely on). The listener installed here does
 * nothing else. This reaches into Kafka Streams' internals ({@code WrappedStateStore.setFlushListener}), the one place
 * the topology does; {@code EnrichmentTopologyTest} pins the effect, so a Kafka upgrade that changes it fails the
 * build instead of silently doubling the buffer's writes.
 */
final class UnflushedDeletes {
    private UnflushedDeletes() {
    }

    /** @return whether the store is cached and now skips such deletes */
    @SuppressWarnings("unchecked")
    static <K, V> boolean skipIn(KeyValueStore<K, V> store) {
        if (store instanceof WrappedStateStore<?, ?, ?> wrapped) {
            return ((WrappedStateStore<?, K, V>) wrapped).setFlushListener(record -> { }, false);
        }
        return false;
    }
}
