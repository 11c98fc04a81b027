package io.nlpstream.models.head;

import io.nlpstream.models.tokenize.Encoding;

import java.util.List;

/**
 * The pre- and post-processing of one task, around a shared model: it turns one request into one or more sequences
 * (question answering splits long contexts into windows) and the model's outputs for those sequences into the
 * request's result. Heads are pure: no session, no batching, no I/O.
 */
public interface TaskHead<I, O> {

    List<Encoding> encode(I input);

    /** {@code outputs.get(i)} belongs to {@code encodings.get(i)}. */
    O decode(I input, List<Encoding> encodings, List<SequenceOutputs> outputs);
}
