package io.nlpstream.models.runtime;

import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.tokenize.Encoding;

import java.util.List;

/**
 * Runs a model on a batch of unpadded sequences. Implementations pad as they need and return, for each sequence,
 * its own outputs with padding removed. Thread-safe.
 */
public interface SequenceRunner {

    /**
     * @return {@code outputs.get(i)} for {@code batch.get(i)}
     * @throws io.nlpstream.models.InferenceException when the model rejects the batch
     */
    List<SequenceOutputs> run(List<Encoding> batch);
}
