package io.nlpstream.models.runtime;

import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.testing.Encodings;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Slicing a padded batch's outputs, on hand-written buffers. */
class OutputSlicerTest {

    /** Two sequences of 3 and 1 tokens, padded to 3. */
    private static final List<Encoding> BATCH = List.of(Encodings.of(1, 2, 3), Encodings.of(4));

    private static FloatBuffer values(int count) {
        float[] data = new float[count];
        for (int i = 0; i < count; i++) {
            data[i] = i;
        }
        return FloatBuffer.wrap(data);
    }

    private static OutputSlicer.BatchOutput output(String name, long[] declared, long[] real) {
        int count = 1;
        for (long dim : real) {
            count *= (int) dim;
        }
        return new OutputSlicer.BatchOutput(new OutputSpec(name, declared), real, values(count));
    }

    @Test
    void perTokenOutputsAreCutToEachSequencesOwnTokens() {
        List<SequenceOutputs> sliced = OutputSlicer.slice(BATCH,
                List.of(output("hidden", new long[]{-1, -1, 2}, new long[]{2, 3, 2})));

        assertThat(sliced.get(0).get("hidden").shape()).containsExactly(3, 2);
        assertThat(sliced.get(0).get("hidden").data()).containsExactly(0, 1, 2, 3, 4, 5);
        // The second sequence starts after the first's padded rows and keeps only its one real row.
        assertThat(sliced.get(1).get("hidden").shape()).containsExactly(1, 2);
        assertThat(sliced.get(1).get("hidden").data()).containsExactly(6, 7);
    }

    @Test
    void perTokenOutputsWithoutFeaturesAreCutToo() {
        List<SequenceOutputs> sliced = OutputSlicer.slice(BATCH,
                List.of(output("start_logits", new long[]{-1, -1}, new long[]{2, 3})));

        assertThat(sliced.get(0).get("start_logits").data()).containsExactly(0, 1, 2);
        assertThat(sliced.get(1).get("start_logits").shape()).containsExactly(1);
        assertThat(sliced.get(1).get("start_logits").data()).containsExactly(3);
    }

    @Test
    void perSequenceOutputsLoseOnlyTheBatchDimension() {
        List<SequenceOutputs> sliced = OutputSlicer.slice(BATCH, List.of(
                output("logits", new long[]{-1, 3}, new long[]{2, 3}),
                output("score", new long[]{-1}, new long[]{2})));

        assertThat(sliced.get(1).get("logits").shape()).containsExactly(3);
        assertThat(sliced.get(1).get("logits").data()).containsExactly(3, 4, 5);
        assertThat(sliced.get(1).get("score").shape()).isEmpty();
        assertThat(sliced.get(1).get("score").data()).containsExactly(1);
    }

    @Test
    void everySequenceHasEveryOutputInDeclaredOrder() {
        List<SequenceOutputs> sliced = OutputSlicer.slice(BATCH, List.of(
                output("start_logits", new long[]{-1, -1}, new long[]{2, 3}),
                output("end_logits", new long[]{-1, -1}, new long[]{2, 3})));

        assertThat(sliced).hasSize(2).allSatisfy(outputs ->
                assertThat(outputs.byName().keySet()).containsExactly("start_logits", "end_logits"));
    }

    @Test
    void theDataBufferIsReadWithoutMovingIt() {
        OutputSlicer.BatchOutput output = output("logits", new long[]{-1, 3}, new long[]{2, 3});

        OutputSlicer.slice(BATCH, List.of(output));

        assertThat(output.data().position()).isZero();
    }
}
