package io.nlpstream.models.runtime;

import io.nlpstream.models.tokenize.Encoding;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct buffers for one model call, grown on demand and reused by later calls: int64 for the three inputs, float32
 * for each output whose shape can be predicted (ONNX Runtime writes those in place). Not thread-safe: a call
 * borrows one set from a pool and returns it after.
 */
final class BatchBuffers {

    /** The smallest capacity allocated, so that small batches do not reallocate on every growth. */
    static final int MIN_CAPACITY = 256;

    private LongBuffer ids = allocateLongs(0);
    private LongBuffer mask = allocateLongs(0);
    private LongBuffer types = allocateLongs(0);
    private long[] zeros = new long[0];
    private long[] pads = new long[0];
    private final Map<String, FloatBuffer> outputs = new HashMap<>();
    private int elements;

    /**
     * Writes the batch's inputs, each sequence padded on the right to {@code maxLength}: ids (with {@code padId}),
     * attention mask (zeros) and, when {@code withTypes}, token type ids (zeros, and zeros for an encoding that has
     * none).
     */
    void fill(List<Encoding> batch, int maxLength, boolean withTypes, long padId) {
        elements = batch.size() * maxLength;
        if (ids.capacity() < elements) {
            int capacity = grownCapacity(elements);
            ids = allocateLongs(capacity);
            mask = allocateLongs(capacity);
            types = allocateLongs(capacity);
        }
        if (zeros.length < maxLength) {
            zeros = new long[grownCapacity(maxLength)];
        }
        if (pads.length < maxLength || (pads.length > 0 && pads[0] != padId)) {
            pads = new long[grownCapacity(maxLength)];
            java.util.Arrays.fill(pads, padId);
        }
        int offset = 0;
        for (Encoding encoding : batch) {
            // Bulk copies of the unboxed token arrays; the padding tail is copied from a zero array.
            int length = encoding.length();
            int padding = maxLength - length;
            ids.put(offset, encoding.ids(), 0, length).put(offset + length, pads, 0, padding);
            mask.put(offset, encoding.attentionMask(), 0, length).put(offset + length, zeros, 0, padding);
            if (withTypes) {
                long[] typeIds = encoding.typeIds();
                types.put(offset, typeIds != null ? typeIds : zeros, 0, length)
                        .put(offset + length, zeros, 0, padding);
            }
            offset += maxLength;
        }
    }

    /** The ids written by the last {@link #fill}: exactly batch size x longest values. */
    LongBuffer ids() {
        return window(ids, elements);
    }

    LongBuffer attentionMask() {
        return window(mask, elements);
    }

    LongBuffer tokenTypeIds() {
        return window(types, elements);
    }

    /** A buffer of exactly {@code count} floats for the output {@code name}, reused by later calls. */
    FloatBuffer output(String name, int count) {
        FloatBuffer buffer = outputs.get(name);
        if (buffer == null || buffer.capacity() < count) {
            buffer = ByteBuffer.allocateDirect(grownCapacity(count) * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            outputs.put(name, buffer);
        }
        return window(buffer, count);
    }

    /** A window of exactly {@code count} values: ONNX Runtime wraps a direct buffer without copying it. */
    private static <B extends Buffer> B window(B buffer, int count) {
        @SuppressWarnings("unchecked")
        B view = (B) buffer.duplicate().position(0).limit(count);
        return view;
    }

    /** The next power of two at or above {@code count}, at least {@link #MIN_CAPACITY}. */
    static int grownCapacity(int count) {
        return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, count - 1)) << 1);
    }

    private static LongBuffer allocateLongs(int count) {
        return ByteBuffer.allocateDirect(Math.max(count, 1) * Long.BYTES).order(ByteOrder.nativeOrder())
                .asLongBuffer();
    }
}
