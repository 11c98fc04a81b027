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
