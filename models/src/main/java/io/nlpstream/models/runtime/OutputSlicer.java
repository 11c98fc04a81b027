package io.nlpstream.models.runtime;

import io.nlpstream.models.head.OutputTensor;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.tokenize.Encoding;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a padded batch's outputs back into one {@link SequenceOutputs} per sequence: the batch dimension removed and,
 * for an output whose dimension 1 is dynamic (one row per token), cut to the sequence's own length, so padding never
 * reaches a head.
 */
final class OutputSlicer {

    private OutputSlicer() {
    }

    /**
     * One output of a whole batch.
     *
     * @param shape its real shape, dimension 0 the batch
     * @param data  its values, row-major, read from position 0 without moving the buffer
     */
    record BatchOutput(OutputSpec spec, long[] shape, FloatBuffer data) {
    }

    /**
     * @param batch   the unpadded sequences, in batch order
     * @param outputs every output of the graph, in declared order
     * @return {@code result.get(i)} for {@code batch.get(i)}, its outputs in declared order
     */
    static List<SequenceOutputs> slice(List<Encoding> batch, List<BatchOutput> outputs) {
        int batchSize = batch.size();
        List<Map<String, OutputTensor>> perSequence = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            perSequence.add(new LinkedHashMap<>(outputs.size() * 2));
        }
        for (BatchOutput output : outputs) {
            long[] shape = output.shape();
            int perItem = 1;
            for (int d = 1; d < shape.length; d++) {
                perItem *= (int) shape[d];
            }
            int rowWidth = shape.length > 2 ? perItem / (int) shape[1] : 1;
            boolean perToken = output.spec().perToken();
            for (int i = 0; i < batchSize; i++) {
                int[] itemShape = new int[shape.length - 1];
                for (int d = 1; d < shape.length; d++) {
                    itemShape[d - 1] = (int) shape[d];
                }
                int count = perItem;
                if (perToken) {
                    int length = batch.get(i).length();
                    itemShape[0] = length;
                    count = length * rowWidth;
                }
                float[] values = new float[count];
                output.data().get(i * perItem, values, 0, count);
                perSequence.get(i).put(output.spec().name(), new OutputTensor(values, itemShape));
            }
        }
        List<SequenceOutputs> sliced = new ArrayList<>(batchSize);
        for (Map<String, OutputTensor> byName : perSequence) {
            sliced.add(new SequenceOutputs(Collections.unmodifiableMap(byName)));
        }
        return sliced;
    }
}
