package io.nlpstream.models.runtime;

import ai.onnxruntime.OnnxJavaType;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.runtime.GraphSignature.Declaration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The graph checks alone, on declarations written by hand: no session, no native code. */
class GraphSignatureTest {

    private static final long DYNAMIC = -1;

    private static Declaration int64(String name) {
        return new Declaration(name, OnnxJavaType.INT64, new long[]{DYNAMIC, DYNAMIC});
    }

    private static Declaration output(String name, OnnxJavaType type, long... shape) {
        return new Declaration(name, type, shape);
    }

    private static final List<Declaration> BERT_INPUTS = List.of(int64("input_ids"), int64("attention_mask"),
            int64("token_type_ids"));
    private static final List<Declaration> ROBERTA_INPUTS = List.of(int64("input_ids"), int64("attention_mask"));

    @Test
    void tokenTypeIdsAreFedOnlyWhenTheGraphDeclaresThem() {
        List<Declaration> outputs = List.of(output("logits", OnnxJavaType.FLOAT, DYNAMIC, 3));

        assertThat(GraphSignature.check("bert", BERT_INPUTS, outputs).feedsTokenTypeIds()).isTrue();
        assertThat(GraphSignature.check("roberta", ROBERTA_INPUTS, outputs).feedsTokenTypeIds()).isFalse();
    }

    @Test
    void outputsKeepTheirDeclaredOrderAndShapes() {
        GraphSignature graph = GraphSignature.check("qa", ROBERTA_INPUTS, List.of(
                output("start_logits", OnnxJavaType.FLOAT, DYNAMIC, DYNAMIC),
                output("end_logits", OnnxJavaType.FLOAT, DYNAMIC, DYNAMIC)));

        assertThat(graph.outputs()).containsExactly(new OutputSpec("start_logits", new long[]{DYNAMIC, DYNAMIC}),
                new OutputSpec("end_logits", new long[]{DYNAMIC, DYNAMIC}));
        assertThat(graph.halfPrecisionOutputs()).isEmpty();
    }

    @Test
    void float16AndBfloat16OutputsAreAcceptedAndMarkedForWidening() {
        GraphSignature graph = GraphSignature.check("half", ROBERTA_INPUTS, List.of(
                output("last_hidden_state", OnnxJavaType.FLOAT16, DYNAMIC, DYNAMIC, 384),
                output("pooler_output", OnnxJavaType.BFLOAT16, DYNAMIC, 384),
                output("logits", OnnxJavaType.FLOAT, DYNAMIC, 2)));

        assertThat(graph.halfPrecisionOutputs()).containsExactlyInAnyOrder("last_hidden_state", "pooler_output");
    }

    @Test
    void aMissingRequiredInputIsNamedWithWhatTheGraphDeclares() {
        assertThatThrownBy(() -> GraphSignature.check("no-mask", List.of(int64("input_ids")),
                List.of(output("logits", OnnxJavaType.FLOAT, DYNAMIC, 2))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'no-mask'").hasMessageContaining("'attention_mask'")
                .hasMessageContaining("[input_ids]");
    }

    @Test
    void anInputTheRuntimeCannotFeedIsRejected() {
        assertThatThrownBy(() -> GraphSignature.check("odd", List.of(int64("input_ids"), int64("attention_mask"),
                int64("position_ids")), List.of(output("logits", OnnxJavaType.FLOAT, DYNAMIC, 2))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'position_ids'").hasMessageContaining("cannot feed");
    }

    @Test
    void anInputOfAnotherElementTypeIsRejected() {
        List<Declaration> int32Ids = List.of(new Declaration("input_ids", OnnxJavaType.INT32,
                new long[]{DYNAMIC, DYNAMIC}), int64("attention_mask"));

        assertThatThrownBy(() -> GraphSignature.check("int32", int32Ids,
                List.of(output("logits", OnnxJavaType.FLOAT, DYNAMIC, 2))))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'input_ids' as int32[-1, -1]").hasMessageContaining("int64");
    }

    @Test
    void outputsThatAreNotFloatTensorsWithABatchDimensionAreRejected() {
        for (Declaration unreadable : List.of(output("ids", OnnxJavaType.INT64, DYNAMIC, DYNAMIC),
                output("scalar", OnnxJavaType.FLOAT), new Declaration("map", null, new long[0]))) {
            assertThatThrownBy(() -> GraphSignature.check("m", ROBERTA_INPUTS, List.of(unreadable)))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("'" + unreadable.name() + "'")
                    .hasMessageContaining("float32, float16 or bfloat16");
        }
    }

    @Test
    void declarationsDescribeThemselvesForErrorMessages() {
        assertThat(output("x", OnnxJavaType.FLOAT, DYNAMIC, 3).describe()).isEqualTo("float32[-1, 3]");
        assertThat(output("x", OnnxJavaType.FLOAT16, 2).describe()).isEqualTo("float16[2]");
        assertThat(new Declaration("x", null, new long[0]).describe()).isEqualTo("a value that is not a tensor");
    }
}
