package io.nlpstream.models.head;

/**
 * The small numeric kernels the heads share. Results are float32, like the numpy float32 computations of the
 * transformers pipelines; intermediate sums run in double so that they are at least as accurate.
 */
public final class Maths {
    private Maths() {
    }

    /** Numerically stable softmax: {@code exp(x - max) / sum(exp(x - max))}. */
    public static float[] softmax(float[] logits) {
        return softmax(logits, 0, logits.length);
    }

    /** Softmax of {@code logits[from, from + length)}. */
    public static float[] softmax(float[] logits, int from, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            max = Math.max(max, logits[i]);
        }
        double[] exps = new double[length];
        double sum = 0;
        for (int i = 0; i < length; i++) {
            exps[i] = Math.exp((double) logits[from + i] - max);
            sum += exps[i];
        }
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (exps[i] / sum);
        }
        return out;
    }

    /** Element-wise logistic function {@code 1 / (1 + exp(-x))}. */
    public static float[] sigmoid(float[] logits) {
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (1.0 / (1.0 + Math.exp(-(double) logits[i])));
        }
        return out;
    }

    /** Index of the largest value; the first one on ties (numpy's {@code argmax}). */
    public static int argmax(float[] values) {
        return argmax(values, 0, values.length);
    }

    /** Index, relative to {@code from}, of the largest of {@code values[from, from + length)}; first on ties. */
    public static int argmax(float[] values, int from, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("argmax of an empty range");
        }
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Mean of the rows of a row-major {@code [tokens, width]} matrix whose attention mask is non-zero;
     * zeros when the mask selects nothing (sentence-transformers clamps the divisor instead, with the same result).
     */
    public static float[] meanPool(float[] matrix, int width, long[] attentionMask) {
        int tokens = matrix.length / width;
        if (attentionMask.length < tokens) {
            throw new IllegalArgumentException("attention mask has " + attentionMask.length + " entries for "
                    + tokens + " tokens");
        }
        double[] sum = new double[width];
        long count = 0;
        for (int t = 0; t < tokens; t++) {
            if (attentionMask[t] == 0) {
                continue;
            }
            count += attentionMask[t];
            int base = t * width;
            for (int j = 0; j < width; j++) {
                sum[j] += (double) matrix[base + j] * attentionMask[t];
            }
        }
        float[] out = new float[width];
        double divisor = Math.max(count, 1e-9);
        for (int j = 0; j < width; j++) {
            out[j] = (float) (sum[j] / divisor);
        }
        return out;
    }
}
