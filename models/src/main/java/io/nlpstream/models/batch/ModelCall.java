package io.nlpstream.models.batch;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The future of one request to a {@link DynamicBatcher}, which also tells when the model started running it: a
 * caller's deadline counts from that start, so time spent queued behind other work (back-pressure) is never taken
 * for a model that hangs.
 *
 * @param <O> the decoded result
 */
public final class ModelCall<O> extends CompletableFuture<O> {
    /** {@link System#nanoTime()} when the request's first sequence started running; valid once {@link #started}. */
    private volatile long startedNanos;
    private volatile boolean started;

    ModelCall() {
    }

    /** When the request's first sequence started running in a model call, on the {@link System#nanoTime()} clock. */
    public OptionalLong startedNanos() {
        return started ? OptionalLong.of(startedNanos) : OptionalLong.empty();
    }

    /**
     * When {@code future} started running, if it is a {@link ModelCall} that did; a future of any other kind
     * (failed at submission, or not from a batcher) reports its submission as its start through {@code otherwise}.
     */
    public static OptionalLong startedNanos(CompletableFuture<?> future, long otherwise) {
        return future instanceof ModelCall<?> call ? call.startedNanos() : OptionalLong.of(otherwise);
    }

    /** Called by the worker that runs the request's first sequence; later sequences keep the first start. */
    void markStarted(long nanos) {
        if (!started) {
            startedNanos = nanos;
            started = true;
        }
    }
}
