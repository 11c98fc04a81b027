package io.nlpstream.models.golden;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.nlpstream.models.head.OutputTensor;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.head.TaskHead;
import io.nlpstream.models.tokenize.Encoding;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TEST-ONLY: runs an ONNX graph directly, one unpadded sequence at a time, so the heads can be checked against the
 * goldens before the runtime's loader and batcher exist. Not a runtime: no batching, no padding, no reuse.
 */
final class OrtHarness implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    OrtHarness(byte[] model) throws OrtException {
        this(model, new OrtSession.SessionOptions());
    }

    OrtHarness(byte[] model, OrtSession.SessionOptions options) throws OrtException {
        session = env.createSession(model, options);
    }

    <I, O> O run(TaskHead<I, O> head, I input) throws OrtException {
        List<Encoding> encodings = head.encode(input);
        List<SequenceOutputs> outputs = new ArrayList<>(encodings.size());
        for (Encoding encoding : encodings) {
            outputs.add(run(encoding));
        }
        return head.decode(input, encodings, outputs);
    }

    SequenceOutputs run(Encoding encoding) throws OrtException {
        Map<String, long[]> available = Map.of(
                "input_ids", encoding.ids(),
                "attention_mask", encoding.attentionMask(),
                "token_type_ids", encoding.typeIds());
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : session.getInputNames()) {
                long[] values = available.get(name);
                inputs.put(name, OnnxTensor.createTensor(env, new long[][] {values}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                Map<String, OutputTensor> byName = new LinkedHashMap<>();
                for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
                    OnnxValue value = result.get(output.getKey()).orElseThrow();
                    OnnxTensor tensor = (OnnxTensor) value;
                    long[] shape = ((TensorInfo) tensor.getInfo()).getShape();
                    FloatBuffer buffer = tensor.getFloatBuffer();
                    float[] data = new float[buffer.remaining()];
                    buffer.get(data);
                    int[] withoutBatch = new int[shape.length - 1];
                    for (int i = 1; i < shape.length; i++) {
                        withoutBatch[i - 1] = (int) shape[i];
                    }
                    byName.put(output.getKey(), new OutputTensor(data, withoutBatch));
                }
                return new SequenceOutputs(byName);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
