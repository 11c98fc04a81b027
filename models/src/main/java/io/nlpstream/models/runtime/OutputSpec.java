package io.nlpstream.models.runtime;

import java.util.Arrays;

/**
 * One output the graph declares: its name and declared shape, {@code -1} for a dynamic dimension.
 * Dimension 0 is the batch; a dynamic dimension 1 is the sequence axis.
 */
public record OutputSpec(String name, long[] shape) {

    public int rank() {
        return shape.length;
    }

    /** Whether the output has one row per token (its dimension 1 is dynamic), cut to each sequence's length. */
    public boolean perToken() {
        return shape.length >= 2 && shape[1] < 0;
    }

    /** The declared last dimension when it is static, else -1. */
    public long staticLastDim() {
        return shape.length == 0 ? -1 : shape[shape.length - 1];
    }

    /**
     * The output's shape for a batch of {@code batchSize} sequences padded to {@code maxLength}, when the graph fixes
     * every dimension but the batch and the sequence axis; {@code null} when another dimension is dynamic.
     */
    long[] batchShape(int batchSize, int maxLength) {
        long[] batch = new long[shape.length];
        batch[0] = batchSize;
        for (int d = 1; d < shape.length; d++) {
            if (shape[d] > 0) {
                batch[d] = shape[d];
            } else if (d == 1) {
                batch[d] = maxLength;
            } else {
                return null;
            }
        }
        return batch;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputSpec other && name.equals(other.name) && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }
}
