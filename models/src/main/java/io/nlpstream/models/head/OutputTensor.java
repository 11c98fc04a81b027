package io.nlpstream.models.head;

/**
 * One model output for one sequence of a batch: the batch dimension removed and the sequence dimension (when the
 * output has one) cut to the sequence's real length, so padding never reaches a head.
 */
public record OutputTensor(float[] data, int[] shape) {

    /** Row {@code i} of a 2-D output ({@code [tokens, features]}), copied. */
    public float[] row(int i) {
        int width = shape[shape.length - 1];
        float[] out = new float[width];
        System.arraycopy(data, i * width, out, 0, width);
        return out;
    }
}
