package io.nlpstream.models.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nlpstream.models.InferenceException;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.tokenize.Encoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One ONNX Runtime session for one model, shared by every caller and safe to call from many threads.
 *
 * <p>The session opens as {@link SessionOpener} does (CUDA falls back to CPU with one WARN line;
 * {@link #executionProvider()} says which runs) and its graph must pass {@link GraphSignature}'s checks
 * ({@code token_type_ids} is fed only when declared; float16 and bfloat16 outputs are read as float32).
 * {@link #run} pads a batch to its longest sequence in reused direct {@link BatchBuffers}, lets ONNX Runtime write
 * every output whose shape it can predict into reused buffers too, and {@link OutputSlicer slices} the outputs back
 * into one {@link SequenceOutputs} per sequence.
 */
public final class OnnxSessionRunner implements SequenceRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionRunner.class);

    private final String modelName;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final GraphSignature graph;
    /** Idle buffers; a run borrows one set so concurrent runs never share memory, and returns it after. */
    private final ConcurrentLinkedQueue<BatchBuffers> bufferPool = new ConcurrentLinkedQueue<>();
    /** Whether outputs are written into reused buffers; turned off for good if the graph's shapes defeat it. */
    private volatile boolean pinOutputs = true;
    /** The tokenizer's pad id; set once by the loader before the first run (the session is opened first). */
    private volatile long padId;

    private OnnxSessionRunner(String modelName, SessionOpener.OpenSession open) {
        this.modelName = modelName;
        this.env = OrtEnvironment.getEnvironment();
        this.session = open.session();
        this.provider = open.provider();
        try {
            this.graph = GraphSignature.of(modelName, session);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException loadException) {
                throw loadException;
            }
            throw new ModelLoadException("Model '" + modelName + "' has a graph whose inputs and outputs cannot be"
                    + " read: " + OrtMessages.firstLine(e.getMessage()), e);
        }
    }

    /** Opens a session on a {@code model.onnx} file. */
    public static OnnxSessionRunner open(String modelName, Path modelFile, SessionSettings settings) {
        String path = modelFile.toString();
        return new OnnxSessionRunner(modelName, SessionOpener.open(modelName, settings,
                options -> OrtEnvironment.getEnvironment().createSession(path, options)));
    }

    /** Opens a session on a model's bytes (a classpath model, for instance). */
    public static OnnxSessionRunner open(String modelName, byte[] model, SessionSettings settings) {
        return new OnnxSessionRunner(modelName, SessionOpener.open(modelName, settings,
                options -> OrtEnvironment.getEnvironment().createSession(model, options)));
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing a rejected session", e);
        }
    }

    /** The provider the session really runs on, lower case ({@code cpu}, {@code cuda}). */
    public String executionProvider() {
        return provider.name().toLowerCase(Locale.ROOT);
    }

    /** The graph's outputs in declared order. */
    public List<OutputSpec> outputs() {
        return graph.outputs();
    }

    /** Whether the graph declares {@code token_type_ids} (and so is fed it). */
    public boolean feedsTokenTypeIds() {
        return graph.feedsTokenTypeIds();
    }

    /**
     * Pads batches with the tokenizer's {@code pad_token_id} instead of 0: RoBERTa-family graphs derive position
     * ids from which ids are padding.
     */
    public void padWith(long padTokenId) {
        this.padId = padTokenId;
    }

    /** Whether outputs are still written into reused buffers (false once a graph's real shapes defeated that). */
    boolean writesOutputsInPlace() {
        return pinOutputs;
    }

    @Override
    public List<SequenceOutputs> run(List<Encoding> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int maxLength = 1;
        for (Encoding encoding : batch) {
            maxLength = Math.max(maxLength, encoding.length());
        }
        BatchBuffers buffers = bufferPool.poll();
        if (buffers == null) {
            buffers = new BatchBuffers();
        }
        try {
            buffers.fill(batch, maxLength, graph.feedsTokenTypeIds(), padId);
            if (pinOutputs) {
                try {
                    return runOnce(batch, buffers, maxLength, true);
                } catch (OrtException pinnedFailure) {
                    // Maybe a real output shape differs from the declared one; find out without the pinned buffers.
                    // Only if that works is pinning to blame: a batch the model rejects anyway changes nothing.
                    List<SequenceOutputs> sliced = runOnce(batch, buffers, maxLength, false);
                    pinOutputs = false;
                    LOG.info("Model '{}': its outputs do not fit buffers shaped as declared ({}); ONNX Runtime will"
                            + " allocate them", modelName, OrtMessages.firstLine(pinnedFailure.getMessage()));
                    return sliced;
                }
            }
            return runOnce(batch, buffers, maxLength, false);
        } catch (OrtException e) {
            throw new InferenceException("Model '" + modelName + "' failed on a batch of " + batch.size()
                    + " sequences of up to " + maxLength + " tokens: " + OrtMessages.firstLine(e.getMessage()), e);
        } finally {
            bufferPool.offer(buffers);
        }
    }

    /** @param pin whether outputs whose shape can be predicted are written into {@code buffers} */
    private List<SequenceOutputs> runOnce(List<Encoding> batch, BatchBuffers buffers, int maxLength, boolean pin)
            throws OrtException {
        int batchSize = batch.size();
        long[] shape = {batchSize, maxLength};
        List<OutputSpec> specs = graph.outputs();
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>(4);
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>(specs.size() * 2);
        Map<String, FloatBuffer> pinnedData = new HashMap<>(specs.size() * 2);
        try {
            inputs.put(GraphSignature.INPUT_IDS, OnnxTensor.createTensor(env, buffers.ids(), shape));
            inputs.put(GraphSignature.ATTENTION_MASK, OnnxTensor.createTensor(env, buffers.attentionMask(), shape));
            if (graph.feedsTokenTypeIds()) {
                inputs.put(GraphSignature.TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, buffers.tokenTypeIds(), shape));
            }
            Set<String> allocatedByOrt = new LinkedHashSet<>();
            for (OutputSpec spec : specs) {
                long[] outputShape = pin && !graph.halfPrecisionOutputs().contains(spec.name())
                        ? spec.batchShape(batchSize, maxLength) : null;
                if (outputShape == null) {
                    allocatedByOrt.add(spec.name());
                } else {
                    FloatBuffer target = buffers.output(spec.name(), elementCount(outputShape));
                    pinned.put(spec.name(), OnnxTensor.createTensor(env, target, outputShape));
                    pinnedData.put(spec.name(), target);
                }
            }
            try (OrtSession.Result result = pinned.isEmpty() ? session.run(inputs)
                    : session.run(inputs, allocatedByOrt, pinned)) {
                List<OutputSlicer.BatchOutput> outputs = new ArrayList<>(specs.size());
                for (OutputSpec spec : specs) {
                    OnnxTensor tensor = (OnnxTensor) result.get(spec.name())
                            .orElseThrow(() -> new InferenceException("Model '" + modelName + "' returned no '"
                                    + spec.name() + "' output."));
                    // A pinned output is read in place; one ONNX Runtime allocated is copied out once (and widened
                    // to float32 when the graph computes in half precision).
                    FloatBuffer data = pinnedData.get(spec.name());
                    outputs.add(new OutputSlicer.BatchOutput(spec, tensor.getInfo().getShape(),
                            data != null ? data : tensor.getFloatBuffer()));
                }
                return OutputSlicer.slice(batch, outputs);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    private static int elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return Math.toIntExact(count);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Model '{}': closing the ONNX Runtime session failed: {}", modelName, e.getMessage());
        }
    }
}
