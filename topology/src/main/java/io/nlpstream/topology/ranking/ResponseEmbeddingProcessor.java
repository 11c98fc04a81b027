package io.nlpstream.topology.ranking;

import io.nlpstream.models.TextEmbedder;
import io.nlpstream.topology.TopologyListener;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import io.nlpstream.topology.enrich.BoundedWait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds each response of the response base once and publishes it to the embeddings topic (which feeds every
 * instance's global store).
 *
 * <p>The cache is a persistent, changelogged store keyed by response id, so a restart or a rebalance does not
 * re-embed the base. A response is re-embedded when its text changes or when its cached vector came from another
 * model version; a tombstone deletes it from the cache and publishes a tombstone. On start, the first record or
 * wall-clock punctuation re-embeds the cached entries of another model version, in chunks submitted at once so the
 * embedder's batcher can merge them, at most {@value #SWEEP_LIMIT} per call (the rest at the next call).
 *
 * <p>Invalid documents are logged and skipped (the previous version of the response, if any, stays); a response
 * whose embedding fails or times out is logged and skipped too, keeping its previous vector, and is retried when
 * it is next updated or at the next model version change.
 */
public class ResponseEmbeddingProcessor implements Processor<String, byte[], String, CachedEmbedding> {
    /** The pipeline name reported to the listener. */
    public static final String LISTENER_NAME = "response-base";
    private static final Logger LOG = LoggerFactory.getLogger(ResponseEmbeddingProcessor.class);
    private static final int SWEEP_CHUNK = 64;
    /** Re-embeds per sweep call, so one punctuation stays far below the poll interval; the rest waits a turn. */
    private static final int SWEEP_LIMIT = 16 * SWEEP_CHUNK;

    private final String cacheStoreName;
    private final TextEmbedder embedder;
    private final Duration timeout;
    private final Duration sweepInterval;
    private final TopologyListener listener;
    private ProcessorContext<String, CachedEmbedding> context;
    private KeyValueStore<String, CachedEmbedding> cache;
    private boolean sweepPending;

    public ResponseEmbeddingProcessor(String cacheStoreName, TextEmbedder embedder, Duration timeout,
                                      Duration sweepInterval, TopologyListener listener) {
        this.cacheStoreName = cacheStoreName;
        this.embedder = embedder;
        this.timeout = timeout;
        this.sweepInterval = sweepInterval;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, CachedEmbedding> context) {
        this.context = context;
        this.cache = context.getStateStore(cacheStoreName);
        // Records cannot be forwarded from init, so the start-up version check runs at the first chance.
        this.sweepPending = true;
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::sweepIfPending);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        sweepIfPending(record.timestamp());
        String id = record.key();
        if (id == null) {
            LOG.warn("Skipping a response without an id");
            listener.deadLetter(LISTENER_NAME, DeadLetterReason.INVALID_EVENT);
            return;
        }
        if (record.value() == null) {
            cache.delete(id);
            context.forward(record.withValue(null));
            return;
        }
        ResponseDocument document;
        try {
            document = ResponseDocument.parse(record.value());
        } catch (InvalidResponseException e) {
            LOG.warn("Skipping response '{}': {}", id, e.getMessage());
            listener.deadLetter(LISTENER_NAME, DeadLetterReason.INVALID_EVENT);
            return;
        }
        CachedEmbedding cached = cache.get(id);
        if (cached != null && cached.modelVersion().equals(embedder.info().version())
                && cached.text().equals(document.text())) {
            return;
        }
        embedAndPublish(List.of(KeyValue.pair(id, document.text())), record.timestamp());
    }

    /** @param timestamp the timestamp of re-published embeddings: the punctuation's or the current record's */
    private void sweepIfPending(long timestamp) {
        if (!sweepPending) {
            return;
        }
        sweepPending = false;
        String version = embedder.info().version();
        List<KeyValue<String, String>> stale = new ArrayList<>();
        try (KeyValueIterator<String, CachedEmbedding> all = cache.all()) {
            while (all.hasNext()) {
                if (stale.size() == SWEEP_LIMIT) {
                    sweepPending = true;
                    break;
                }
                KeyValue<String, CachedEmbedding> entry = all.next();
                if (!entry.value.modelVersion().equals(version)) {
                    stale.add(KeyValue.pair(entry.key, entry.value.text()));
                }
            }
        }
        if (!stale.isEmpty()) {
            LOG.info("Re-embedding {} cached responses for model version {}", stale.size(), version);
        }
        for (int from = 0; from < stale.size(); from += SWEEP_CHUNK) {
            embedAndPublish(stale.subList(from, Math.min(stale.size(), from + SWEEP_CHUNK)),
                    timestamp);
        }
    }

    /** Submits every text at once, waits at most {@code timeout} for all, caches and publishes what succeeded. */
    private void embedAndPublish(List<KeyValue<String, String>> texts, long timestamp) {
        String version = embedder.info().version();
        List<CompletableFuture<float[]>> futures = new ArrayList<>(texts.size());
        for (KeyValue<String, String> text : texts) {
            futures.add(submit(text.value));
        }
        BoundedWait.awaitAll(futures, timeout);
        for (int i = 0; i < texts.size(); i++) {
            CompletableFuture<float[]> future = futures.get(i);
            String id = texts.get(i).key;
            if (!future.isDone() || future.isCompletedExceptionally()) {
                future.cancel(false);
                String why = future.isDone() ? DeadLetterHeaders.describe(BoundedWait.failure(future))
                        : "timed out after " + timeout;
                LOG.error("Could not embed response '{}': {}", id, why);
                listener.deadLetter(LISTENER_NAME, DeadLetterReason.MODEL_ERROR);
                continue;
            }
            CachedEmbedding embedding = CachedEmbedding.normalized(version, future.join(), texts.get(i).value);
            cache.put(id, embedding);
            context.forward(new Record<>(id, embedding, timestamp));
        }
    }

    private CompletableFuture<float[]> submit(String text) {
        try {
            return embedder.embed(text);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
