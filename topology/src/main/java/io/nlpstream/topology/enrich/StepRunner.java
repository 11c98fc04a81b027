package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One model step of a pipeline, split in two so the stream thread can submit a whole micro-batch before waiting:
 * {@link #submit} only enqueues on the model's shared batcher; {@link #toResults} runs on the stream thread once
 * the futures are done (so it may read state stores).
 *
 * @param <R> the model's raw answer for one event
 */
public interface StepRunner<R> {

    /** Builds this step's results: its model name, version and task. */
    ModelResults results();

    /** The configured model name. */
    default String model() {
        return results().model();
    }

    /** Whether the step runs on this event (QA needs a question); events it skips get no result from it. */
    default boolean appliesTo(TextEvent event) {
        return true;
    }

    CompletableFuture<R> submit(TextEvent event);

    /** The result of one event; {@code raw.get(i)} belongs to {@code events.get(i)}. */
    ModelResult toResult(TextEvent event, R raw);

    /** The results of several events; steps that can share work across events (ranking) override this. */
    default List<ModelResult> toResults(List<TextEvent> events, List<R> raw) {
        List<ModelResult> results = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            results.add(toResult(events.get(i), raw.get(i)));
        }
        return results;
    }

    /** A result that reports the step's failure on one event ({@code ModelErrorPolicy.ANNOTATE}). */
    default ModelResult failed(String error) {
        return results().error(error);
    }
}
