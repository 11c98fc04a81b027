package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * One task's half of the infer job: turns an input line's JSON object into an asynchronous model request, and the
 * request's result into the JSON value the transformers pipeline returns for that input.
 *
 * <p>{@link #submit} may be called from several encoding threads at once and must not wait for the model's result
 * (the shared batcher fills batches from many outstanding requests); {@link #write} is called from the writing
 * thread only.
 */
public interface LineInference<R> {

    /** Starts the request for one line; an unusable line is an {@link InvalidLineException}, not a failed future. */
    CompletableFuture<R> submit(JsonNode line) throws InvalidLineException;

    /** Writes one result as a single JSON value (object or array), nothing before or after it. */
    void write(R result, JsonGenerator out) throws IOException;
}
