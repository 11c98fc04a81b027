package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs every step of a pipeline on a micro-batch: all requests of all events are submitted before waiting, so the
 * models' shared batchers can merge this batch with those of other tasks and threads (and with this task's next
 * batches: a {@link PendingBatch} runs while the stream thread goes on); the wait is bounded by the batch timeout,
 * and anything not done by then fails its event (never a stuck stream thread).
 */
public final class BatchEnricher {
    private final List<StepRunner<?>> steps;
    private final Duration timeout;
    private final ModelErrorPolicy policy;

    /** The outcome for one event. */
    public sealed interface Outcome {
        /** One result per applicable step, in step order. */
        record Enriched(List<ModelResult> results) implements Outcome {
        }

        /** The event must be dead-lettered with {@code MODEL_ERROR}. */
        record Failed(String message) implements Outcome {
        }
    }

    public BatchEnricher(List<StepRunner<?>> steps, Duration timeout, ModelErrorPolicy policy) {
        this.steps = List.copyOf(steps);
        this.timeout = timeout;
        this.policy = policy;
    }

    /**
     * Submits every applicable request of every event and returns at once; the batch's deadline ({@code timeout})
     * starts now, so time spent queued behind earlier batches counts against it.
     */
    public PendingBatch submit(List<TextEvent> events) {
        int n = events.size();
        List<CompletableFuture<?>[]> futures = new ArrayList<>(steps.size());
        List<CompletableFuture<?>> all = new ArrayList<>(n * steps.size());
        for (StepRunner<?> step : steps) {
            CompletableFuture<?>[] perEvent = new CompletableFuture<?>[n];
            for (int i = 0; i < n; i++) {
                if (step.appliesTo(events.get(i))) {
                    perEvent[i] = submit(step, events.get(i));
                    all.add(perEvent[i]);
                }
            }
            futures.add(perEvent);
        }
        return new PendingBatch(events, futures, all, System.nanoTime() + timeout.toNanos());
    }

    /** A submitted batch: its requests run in the models' batchers while the stream thread goes on. */
    public final class PendingBatch {
        private final List<TextEvent> events;
        private final List<CompletableFuture<?>[]> futures;
        private final List<CompletableFuture<?>> all;
        private final long deadlineNanos;

        private PendingBatch(List<TextEvent> events, List<CompletableFuture<?>[]> futures,
                             List<CompletableFuture<?>> all, long deadlineNanos) {
            this.events = events;
            this.futures = futures;
            this.all = all;
            this.deadlineNanos = deadlineNanos;
        }

        /** Whether {@link #outcomes} would return without waiting: every request is done or the deadline passed. */
        public boolean isReady() {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return true;
            }
            for (CompletableFuture<?> future : all) {
                if (!future.isDone()) {
                    return false;
                }
            }
            return true;
        }

        /** One outcome per event, in order; waits until every request is done or the deadline has passed. */
        public List<Outcome> outcomes() {
            long remaining = Math.max(0, deadlineNanos - System.nanoTime());
            BoundedWait.awaitAll(all, Duration.ofNanos(remaining));
            int n = events.size();
            String[] failures = new String[n];
            ModelResult[][] results = new ModelResult[steps.size()][n];
            for (int s = 0; s < steps.size(); s++) {
                collect(s, events, futures.get(s), failures, results[s]);
            }
            List<Outcome> outcomes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (failures[i] != null) {
                    outcomes.add(new Outcome.Failed(failures[i]));
                    continue;
                }
                List<ModelResult> eventResults = new ArrayList<>(steps.size());
                for (int s = 0; s < steps.size(); s++) {
                    if (results[s][i] != null) {
                        eventResults.add(results[s][i]);
                    }
                }
                outcomes.add(new Outcome.Enriched(eventResults));
            }
            return outcomes;
        }

        /** Gives up on requests not yet done (the task is closing; its buffer keeps the events). */
        public void abandon() {
            for (CompletableFuture<?> future : all) {
                future.cancel(false);
            }
        }
    }

    private static CompletableFuture<?> submit(StepRunner<?> step, TextEvent event) {
        try {
            return step.submit(event);
        } catch (RuntimeException e) {
            // A batcher that rejects (queue full, closed) fails this event like a failed inference would.
            return CompletableFuture.failedFuture(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <R> void collect(int s, List<TextEvent> events, CompletableFuture<?>[] futures, String[] failures,
                             ModelResult[] out) {
        StepRunner<R> step = (StepRunner<R>) steps.get(s);
        List<Integer> ok = new ArrayList<>(events.size());
        List<R> raw = new ArrayList<>(events.size());
        for (int i = 0; i < futures.length; i++) {
            CompletableFuture<R> future = (CompletableFuture<R>) futures[i];
            if (future == null) {
                continue;
            }
            if (!future.isDone()) {
                future.cancel(false);
                fail(i, "model '" + step.model() + "' timed out after " + timeout.toMillis() + " ms", failures);
            } else if (future.isCompletedExceptionally()) {
                String message = "model '" + step.model() + "': " + DeadLetterHeaders.describe(BoundedWait.failure(future));
                if (policy == ModelErrorPolicy.ANNOTATE) {
                    out[i] = step.failed(message);
                } else {
                    fail(i, message, failures);
                }
            } else if (failures[i] == null) {
                ok.add(i);
                raw.add(future.join());
            }
        }
        if (ok.isEmpty()) {
            return;
        }
        List<TextEvent> okEvents = new ArrayList<>(ok.size());
        for (int i : ok) {
            okEvents.add(events.get(i));
        }
        try {
            List<ModelResult> converted = step.toResults(okEvents, raw);
            for (int j = 0; j < ok.size(); j++) {
                out[ok.get(j)] = converted.get(j);
            }
        } catch (RuntimeException e) {
            String message = "model '" + step.model() + "': " + DeadLetterHeaders.describe(e);
            for (int i : ok) {
                if (policy == ModelErrorPolicy.ANNOTATE) {
                    out[i] = step.failed(message);
                } else {
                    fail(i, message, failures);
                }
            }
        }
    }

    private static void fail(int i, String message, String[] failures) {
        if (failures[i] == null) {
            failures[i] = message;
        }
    }
}
