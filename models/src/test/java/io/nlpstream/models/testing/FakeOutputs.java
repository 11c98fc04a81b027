package io.nlpstream.models.testing;

import io.nlpstream.models.head.OutputTensor;
import io.nlpstream.models.head.SequenceOutputs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-built model outputs for head tests. */
public final class FakeOutputs {
    private FakeOutputs() {
    }

    /** One output of shape {@code [values.length]}. */
    public static SequenceOutputs vector(String name, float... values) {
        return new SequenceOutputs(Map.of(name, new OutputTensor(values, new int[] {values.length})));
    }

    /** One output of shape {@code [rows, rows[0].length]}. */
    public static SequenceOutputs matrix(String name, float[][] rows) {
        return new SequenceOutputs(Map.of(name, tensor(rows)));
    }

    /** Two outputs, in this order. */
    public static SequenceOutputs pair(String first, float[] a, String second, float[] b) {
        Map<String, OutputTensor> byName = new LinkedHashMap<>();
        byName.put(first, new OutputTensor(a, new int[] {a.length}));
        byName.put(second, new OutputTensor(b, new int[] {b.length}));
        return new SequenceOutputs(byName);
    }

    public static OutputTensor tensor(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, data, i * width, width);
        }
        return new OutputTensor(data, new int[] {rows.length, width});
    }
}
