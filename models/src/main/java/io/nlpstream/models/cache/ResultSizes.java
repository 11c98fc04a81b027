package io.nlpstream.models.cache;

import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.result.WindowedLabels;

import java.util.List;

/**
 * Estimated heap of the models' results, for the cache's byte bound: object headers and fields on a 64-bit JVM with
 * compressed references, strings counted at two bytes a char (an upper bound for compact strings).
 */
final class ResultSizes {
    private static final long LIST = 24;
    private static final long REFERENCE = 4;

    private ResultSizes() {
    }

    static long string(String s) {
        return 24 + 16 + 2L * s.length();
    }

    static long of(Object result) {
        if (result instanceof float[] vector) {
            return 16 + 4L * vector.length;
        }
        if (result instanceof WindowedLabels windowed) {
            return 24 + of(windowed.labels());
        }
        if (result instanceof List<?> list) {
            long bytes = LIST + 16 + REFERENCE * list.size();
            for (Object element : list) {
                bytes += element(element);
            }
            return bytes;
        }
        throw new IllegalArgumentException("no size estimate for a " + result.getClass().getName());
    }

    private static long element(Object element) {
        if (element instanceof LabelScore) {
            return 24; // the label string is the model's own
        }
        if (element instanceof Entity entity) {
            return 40 + string(entity.word()) + 16; // the label string is the model's own; the index is boxed
        }
        if (element instanceof Answer answer) {
            return 32 + string(answer.answer());
        }
        throw new IllegalArgumentException("no size estimate for a " + element.getClass().getName());
    }
}
