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
 * models' shared batchers can merge this batch with those of other tasks and threads; the wait is bounded by the
 * batch timeout, and anything not done by then fails its event (never a stuck stream thread).
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

    /** One outcome per event, in order. */
    public List<Outcome> enrich(List<TextEvent> events) {
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
        BoundedWait.awaitAll(all, timeout);

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
