package io.nlpstream.models.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.nlpstream.models.ModelLoadException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the runtime relies on in a graph, checked once when it loads: it must declare {@code input_ids} and
 * {@code attention_mask} as int64 tensors and may declare {@code token_type_ids} (fed only then); any other input
 * fails the load, as does an output that is not a float32, float16 or bfloat16 tensor with a batch dimension.
 *
 * @param feedsTokenTypeIds    whether the graph declares {@code token_type_ids}
 * @param outputs              the graph's outputs in declared order
 * @param halfPrecisionOutputs the outputs that are float16 or bfloat16: ONNX Runtime allocates them and the runtime
 *                             reads them widened to float32
 */
record GraphSignature(boolean feedsTokenTypeIds, List<OutputSpec> outputs, Set<String> halfPrecisionOutputs) {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";

    private static final Set<OnnxJavaType> FLOAT_TYPES = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16,
            OnnxJavaType.BFLOAT16);

    GraphSignature {
        outputs = List.copyOf(outputs);
        halfPrecisionOutputs = Set.copyOf(halfPrecisionOutputs);
    }

    /**
     * An input or output as the graph declares it.
     *
     * @param type  the element type; {@code null} when the value is not a tensor (a sequence or a map)
     * @param shape the dimensions, {@code -1} for a dynamic one; empty when not a tensor
     */
    record Declaration(String name, OnnxJavaType type, long[] shape) {

        static Declaration of(String name, NodeInfo node) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                return new Declaration(name, tensor.type, tensor.getShape());
            }
            return new Declaration(name, null, new long[0]);
        }

        /** {@code float16[-1, -1, 384]}, as an error message shows it. */
        String describe() {
            if (type == null) {
                return "a value that is not a tensor";
            }
            String element = switch (type) {
                case FLOAT -> "float32";
                case DOUBLE -> "float64";
                default -> type.name().toLowerCase(Locale.ROOT);
            };
            return element + Arrays.toString(shape);
        }
    }

    /** Reads and checks an open session's declarations. */
    static GraphSignature of(String modelName, OrtSession session) throws OrtException {
        return check(modelName, declarations(session.getInputInfo()), declarations(session.getOutputInfo()));
    }

    private static List<Declaration> declarations(Map<String, NodeInfo> nodes) {
        List<Declaration> declared = new ArrayList<>(nodes.size());
        nodes.forEach((name, node) -> declared.add(Declaration.of(name, node)));
        return declared;
    }

    /**
     * @param inputs  the graph's inputs
     * @param outputs the graph's outputs in declared order
     * @throws ModelLoadException naming the first input or output the runtime cannot feed or read
     */
    static GraphSignature check(String modelName, List<Declaration> inputs, List<Declaration> outputs) {
        Set<String> inputNames = new LinkedHashSet<>();
        inputs.forEach(input -> inputNames.add(input.name()));
        for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
            if (!inputNames.contains(required)) {
                throw new ModelLoadException("Model '" + modelName + "' lacks the required input '" + required
                        + "'; it declares " + inputNames + ".");
            }
        }
        for (Declaration input : inputs) {
            String name = input.name();
            if (!name.equals(INPUT_IDS) && !name.equals(ATTENTION_MASK) && !name.equals(TOKEN_TYPE_IDS)) {
                throw new ModelLoadException("Model '" + modelName + "' requires the input '" + name
                        + "', which the runtime cannot feed (it feeds input_ids, attention_mask, token_type_ids).");
            }
            if (input.type() != OnnxJavaType.INT64) {
                throw new ModelLoadException("Model '" + modelName + "' declares input '" + name + "' as "
                        + input.describe() + "; the runtime feeds int64 tensors.");
            }
        }
        List<OutputSpec> specs = new ArrayList<>(outputs.size());
        Set<String> half = new LinkedHashSet<>();
        for (Declaration output : outputs) {
            if (output.type() == null || !FLOAT_TYPES.contains(output.type()) || output.shape().length < 1) {
                throw new ModelLoadException("Model '" + modelName + "' declares output '" + output.name()
                        + "' as " + output.describe() + "; the runtime reads float32, float16 or bfloat16 tensors"
                        + " with a batch dimension.");
            }
            specs.add(new OutputSpec(output.name(), output.shape()));
            if (output.type() != OnnxJavaType.FLOAT) {
                half.add(output.name());
            }
        }
        return new GraphSignature(inputNames.contains(TOKEN_TYPE_IDS), specs, half);
    }
}
