package io.nlpstream.topology.ranking;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps a global store equal to the embeddings topic: puts values, deletes on tombstones. */
public class GlobalEmbeddingsUpdater implements Processor<String, CachedEmbedding, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, CachedEmbedding> store;

    public GlobalEmbeddingsUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, CachedEmbedding> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
