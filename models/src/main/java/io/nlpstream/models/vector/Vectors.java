package io.nlpstream.models.vector;

/**
 * The vector arithmetic of embeddings and ranking, in one place: sums run in double, results that are vectors are
 * float32 like the models' outputs.
 */
public final class Vectors {

    /** torch's {@code F.normalize} epsilon: a norm below it divides by it instead. */
    private static final double NORMALIZE_EPSILON = 1e-12;

    private Vectors() {
    }

    /** Dot product in double. */
    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** The Euclidean length {@code ||v||}. */
    public static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    /** {@code v / max(||v||, 1e-12)} as a new array (torch's {@code F.normalize}): a zero vector stays zero. */
    public static float[] l2Normalize(float[] v) {
        double divisor = Math.max(norm(v), NORMALIZE_EPSILON);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / divisor);
        }
        return out;
    }

    /** {@code a . b / (||a|| ||b||)}; 0 when either vector is all zeros. */
    public static double cosine(float[] a, float[] b) {
        return cosine(dot(a, b), norm(a), norm(b));
    }

    /** Cosine from a dot product and the two norms, for callers that compute each norm once for many pairs. */
    public static double cosine(double dot, double normA, double normB) {
        double norms = normA * normB;
        return norms == 0 ? 0 : dot / norms;
    }
}
