package io.nlpstream.topology.enrich;

import io.nlpstream.models.batch.BatcherClosedException;
import io.nlpstream.models.batch.ModelCall;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.deadletter.BatchHandedBackException;
import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs every step of a pipeline on a micro-batch: all requests of all events are submitted before waiting, so the
 * models' shared batchers can merge this batch with those of other tasks and threads (and with this task's next
 * batches: a {@link PendingBatch} runs while the stream thread goes on). The wait is bounded by
 * {@link BatchDeadline}: a request that has run past the batch timeout (counted from its start) fails its event; one
 * that waited in a model's queue past the queue timeout, or that the models' closing failed, makes the batch be
 * handed back ({@link BatchHandedBackException}) rather than dead-lettered. Never a stuck stream thread.
 */
public final class BatchEnricher {
    private final List<StepRunner<?>> steps;
    private final BatchDeadline deadline;
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

    public BatchEnricher(List<StepRunner<?>> steps, BatchDeadline deadline, ModelErrorPolicy policy) {
        this.steps = List.copyOf(steps);
        this.deadline = deadline;
        this.policy = policy;
    }

    /**
     * Submits every applicable request of every event and returns at once. Each request's run deadline starts when
     * its model starts running it; the queue deadline starts now.
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
        return new PendingBatch(events, futures, all, System.nanoTime());
    }

    /** A submitted batch: its requests run in the models' batchers while the stream thread goes on. */
    public final class PendingBatch {
        private final List<TextEvent> events;
        private final List<CompletableFuture<?>[]> futures;
        private final List<CompletableFuture<?>> all;
        private final long submittedNanos;

        private PendingBatch(List<TextEvent> events, List<CompletableFuture<?>[]> futures,
                             List<CompletableFuture<?>> all, long submittedNanos) {
            this.events = events;
            this.futures = futures;
            this.all = all;
            this.submittedNanos = submittedNanos;
        }

        /** Whether {@link #outcomes} would return (or hand the batch back) without waiting. */
        public boolean isReady() {
            for (CompletableFuture<?> future : all) {
                if (!future.isDone()) {
                    return !(judge(System.nanoTime()) instanceof BatchDeadline.Verdict.Wait);
                }
            }
            return true;
        }

        private BatchDeadline.Verdict judge(long now) {
            List<BatchDeadline.Call> calls = new ArrayList<>(all.size());
            for (CompletableFuture<?> future : all) {
                calls.add(call(future));
            }
            return deadline.judge(calls, submittedNanos, now);
        }

        private BatchDeadline.Call call(CompletableFuture<?> future) {
            return new BatchDeadline.Call(future.isDone(), ModelCall.startedNanos(future, submittedNanos));
        }

        /**
         * One outcome per event, in order; waits until every request is done or has run past the timeout.
         *
         * @throws BatchHandedBackException when a request waited past the queue timeout without starting, the
         *                                  models were closed under the batch, or the thread was interrupted
         */
        public List<Outcome> outcomes() {
            while (true) {
                BatchDeadline.Verdict verdict = judge(System.nanoTime());
                if (verdict instanceof BatchDeadline.Verdict.Settled) {
                    break;
                }
                if (verdict instanceof BatchDeadline.Verdict.HandBack handBack) {
                    abandon();
                    throw new BatchHandedBackException("A micro-batch of " + events.size() + " events waited "
                            + Duration.ofNanos(handBack.queuedNanos()).toMillis() + " ms for the models to start it"
                            + " (batch.queue-timeout " + deadline.queueTimeout().toMillis() + " ms): the models are"
                            + " too far behind; the batch is handed back and its task redone from its last commit.");
                }
                long nanos = ((BatchDeadline.Verdict.Wait) verdict).nanos();
                BoundedWait.awaitAll(all, Duration.ofNanos(Math.max(nanos, 1_000_000)));
                if (Thread.currentThread().isInterrupted()) {
                    abandon();
                    throw new BatchHandedBackException("The stream thread was interrupted while it waited for a"
                            + " micro-batch; the batch is handed back.");
                }
            }
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
                fail(i, "model '" + step.model() + "' timed out: its call ran longer than "
                        + deadline.timeout().toMillis() + " ms", failures);
            } else if (future.isCompletedExceptionally()) {
                Throwable cause = BoundedWait.failure(future);
                if (cause instanceof BatcherClosedException) {
                    throw new BatchHandedBackException("Model '" + step.model() + "' was closed while a micro-batch"
                            + " waited for it (the service is stopping); the batch is handed back.", cause);
                }
                String message = "model '" + step.model() + "': " + DeadLetterHeaders.describe(cause);
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
