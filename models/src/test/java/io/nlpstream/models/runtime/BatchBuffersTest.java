package io.nlpstream.models.runtime;

import io.nlpstream.models.testing.Encodings;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchBuffersTest {

    private static long[] read(LongBuffer buffer) {
        long[] values = new long[buffer.remaining()];
        buffer.duplicate().get(values);
        return values;
    }

    private static Encoding withTypes(long[] ids, long[] types) {
        Encoding plain = Encodings.of(ids);
        return new Encoding(plain.ids(), types, plain.attentionMask(), plain.wordIds(), plain.sequenceIds(),
                plain.starts(), plain.ends(), plain.special());
    }

    @Test
    void eachSequenceIsPaddedWithZerosToTheLongest() {
        BatchBuffers buffers = new BatchBuffers();

        buffers.fill(List.of(Encodings.of(5, 6, 7), Encodings.of(8)), 3, false, 0);

        assertThat(read(buffers.ids())).containsExactly(5, 6, 7, 8, 0, 0);
        assertThat(read(buffers.attentionMask())).containsExactly(1, 1, 1, 1, 0, 0);
    }

    @Test
    void idsArePaddedWithThePadIdAndTheMaskWithZeros() {
        BatchBuffers buffers = new BatchBuffers();

        buffers.fill(List.of(Encodings.of(5, 6, 7), Encodings.of(8)), 3, true, 1);

        assertThat(read(buffers.ids())).containsExactly(5, 6, 7, 8, 1, 1);
        assertThat(read(buffers.attentionMask())).containsExactly(1, 1, 1, 1, 0, 0);
        assertThat(read(buffers.tokenTypeIds())).containsExactly(0, 0, 0, 0, 0, 0);

        buffers.fill(List.of(Encodings.of(5, 6), Encodings.of(8)), 2, false, 0);

        assertThat(read(buffers.ids())).containsExactly(5, 6, 8, 0);
    }

    @Test
    void tokenTypeIdsAreWrittenWhenFedAndZeroForAnEncodingWithout() {
        BatchBuffers buffers = new BatchBuffers();
        Encoding pair = withTypes(new long[]{5, 6, 7}, new long[]{0, 1, 1});
        Encoding none = withTypes(new long[]{8, 9}, null);

        buffers.fill(List.of(pair, none), 3, true, 0);

        assertThat(read(buffers.tokenTypeIds())).containsExactly(0, 1, 1, 0, 0, 0);
    }

    @Test
    void aSmallerBatchReusesTheBuffersAndOverwritesStaleValues() {
        BatchBuffers buffers = new BatchBuffers();
        buffers.fill(List.of(Encodings.filled(9, 40), Encodings.filled(9, 40)), 40, true, 0);
        LongBuffer before = buffers.ids();

        buffers.fill(List.of(Encodings.of(1, 2), Encodings.of(3)), 2, true, 0);

        assertThat(read(buffers.ids())).containsExactly(1, 2, 3, 0);
        assertThat(read(buffers.attentionMask())).containsExactly(1, 1, 1, 0);
        assertThat(buffers.ids().isDirect()).isTrue();
        // Same memory: a window of the buffer the big batch allocated.
        before.put(0, 42);
        assertThat(buffers.ids().get(0)).isEqualTo(42);
    }

    @Test
    void aLargerBatchGrowsTheBuffersToTheNextPowerOfTwo() {
        BatchBuffers buffers = new BatchBuffers();
        buffers.fill(List.of(Encodings.of(1)), 1, false, 0);

        buffers.fill(List.of(Encodings.filled(3, 300), Encodings.filled(4, 300)), 300, false, 0);

        assertThat(buffers.ids().remaining()).isEqualTo(600);
        assertThat(read(buffers.ids())[299]).isEqualTo(3);
        assertThat(read(buffers.ids())[300]).isEqualTo(4);
        assertThat(BatchBuffers.grownCapacity(600)).isEqualTo(1024);
        assertThat(BatchBuffers.grownCapacity(1024)).isEqualTo(1024);
        assertThat(BatchBuffers.grownCapacity(3)).isEqualTo(BatchBuffers.MIN_CAPACITY);
    }

    @Test
    void outputBuffersAreExactWindowsReusedByName() {
        BatchBuffers buffers = new BatchBuffers();
        FloatBuffer first = buffers.output("logits", 12);
        first.put(0, 7f);

        FloatBuffer again = buffers.output("logits", 6);
        FloatBuffer other = buffers.output("hidden", 6);

        assertThat(first.remaining()).isEqualTo(12);
        assertThat(again.remaining()).isEqualTo(6);
        assertThat(again.get(0)).isEqualTo(7f);
        assertThat(other.get(0)).isZero();
        assertThat(again.isDirect()).isTrue();
    }
}
