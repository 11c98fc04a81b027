package io.nlpstream.models.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.nlpstream.models.InferenceException;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.head.OutputTensor;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.tokenize.Encoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One ONNX Runtime session for one model, shared by every caller and safe to call from many threads.
 *
 * <p>The graph must declare {@code input_ids} and {@code attention_mask} (int64); {@code token_type_ids} is fed
 * only when declared; any other input fails the load, as does a non-float output. {@link #run} pads a batch to its
 * longest sequence with reused direct buffers and slices every output back into one {@link SequenceOutputs} per
 * sequence: the batch dimension removed and, for outputs whose dimension 1 is dynamic (the sequence axis), cut to
 * the sequence's own length.
 *
 * <p>CUDA that cannot be had (a CPU-only ONNX Runtime build, no driver, a provider that fails to start) is not an
 * error: one WARN line names the reason and the session runs on CPU; {@link #executionProvider()} says which.
 */
public final class OnnxSessionRunner implements SequenceRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionRunner.class);

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";

    private static final Set<OnnxJavaType> FLOAT_TYPES = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16,
            OnnxJavaType.BFLOAT16);

    /** ONNX Runtime session configuration keys (onnxruntime_session_options_config_keys.h). */
    static final String INTRA_OP_SPINNING = "session.intra_op.allow_spinning";
    static final String INTER_OP_SPINNING = "session.inter_op.allow_spinning";

    private final String modelName;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final boolean feedsTokenTypes;
    private final List<OutputSpec> outputs;
    /** Outputs that are not float32: never written into the reused float buffers. */
    private final Set<String> halfOutputs;
    /** Idle input buffers; a run borrows one so concurrent runs never share memory, and returns it after. */
    private final ConcurrentLinkedQueue<BatchBuffers> bufferPool = new ConcurrentLinkedQueue<>();
    /** Whether outputs are written into reused buffers; turned off for good if the graph's shapes defeat it. */
    private volatile boolean pinOutputs = true;

    private OnnxSessionRunner(String modelName, OrtEnvironment env, OrtSession session, ExecutionProvider provider) {
        this.modelName = modelName;
        this.env = env;
        this.session = session;
        this.provider = provider;
        try {
            this.feedsTokenTypes = checkInputs(modelName, session.getInputInfo());
            this.outputs = readOutputs(modelName, session.getOutputInfo());
            this.halfOutputs = halfPrecisionOutputs(session.getOutputInfo());
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException loadException) {
                throw loadException;
            }
            throw new ModelLoadException("Model '" + modelName + "' has a graph whose inputs and outputs cannot be"
                    + " read: " + firstLine(e.getMessage()), e);
        }
    }

    /** Opens a session on a {@code model.onnx} file. */
    public static OnnxSessionRunner open(String modelName, Path modelFile, SessionSettings settings) {
        String path = modelFile.toString();
        return open(modelName, settings, options -> OrtEnvironment.getEnvironment().createSession(path, options));
    }

    /** Opens a session on a model's bytes (a classpath model, for instance). */
    public static OnnxSessionRunner open(String modelName, byte[] model, SessionSettings settings) {
        return open(modelName, settings, options -> OrtEnvironment.getEnvironment().createSession(model, options));
    }

    @FunctionalInterface
    private interface SessionFactory {
        OrtSession create(OrtSession.SessionOptions options) throws OrtException;
    }

    private static OnnxSessionRunner open(String modelName, SessionSettings settings, SessionFactory factory) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (settings.provider() == ExecutionProvider.CUDA) {
            String reason;
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                reason = "this ONNX Runtime build has no CUDA provider; build with -Pgpu";
            } else {
                // The provider options stay open until the session exists.
                try (OrtSession.SessionOptions options = baseOptions(settings);
                     OrtCUDAProviderOptions cuda = cudaOptions(settings)) {
                    options.addCUDA(cuda);
                    return new OnnxSessionRunner(modelName, env, factory.create(options), ExecutionProvider.CUDA);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    reason = "CUDA could not start on device " + settings.deviceId() + ": " + firstLine(e.getMessage());
                }
            }
            LOG.warn("Model '{}': CUDA execution provider requested but unavailable ({}); falling back to CPU",
                    modelName, reason);
        }
        try (OrtSession.SessionOptions options = baseOptions(settings)) {
            return new OnnxSessionRunner(modelName, env, factory.create(options), ExecutionProvider.CPU);
        } catch (OrtException e) {
            throw new ModelLoadException("Model '" + modelName + "' is not a valid ONNX graph: "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing a rejected session", e);
        }
    }

    /** Package-private so tests can read back what a session is configured with. */
    static OrtSession.SessionOptions baseOptions(SessionSettings settings) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(switch (settings.optimization()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            if (settings.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(settings.intraOpThreads());
            }
            if (settings.interOpThreads() > 0) {
                options.setInterOpNumThreads(settings.interOpThreads());
            }
            // Inter-op threads only matter when independent branches of the graph may run in parallel.
            if (settings.interOpThreads() > 1) {
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
            }
            // ONNX Runtime's pools spin by default; on shared cores that steals the CPU the next batch needs.
            String spin = settings.allowSpinning() ? "1" : "0";
            options.addConfigEntry(INTRA_OP_SPINNING, spin);
            options.addConfigEntry(INTER_OP_SPINNING, spin);
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }

    private static OrtCUDAProviderOptions cudaOptions(SessionSettings settings) throws OrtException {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(settings.deviceId());
        if (settings.cudaMemoryLimitBytes() > 0) {
            cuda.add("gpu_mem_limit", Long.toString(settings.cudaMemoryLimitBytes()));
        }
        return cuda;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    /** @return whether {@code token_type_ids} is declared */
    private static boolean checkInputs(String modelName, Map<String, NodeInfo> inputs) {
        for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
            if (!inputs.containsKey(required)) {
                throw new ModelLoadException("Model '" + modelName + "' lacks the required input '" + required
                        + "'; it declares " + inputs.keySet() + ".");
            }
        }
        for (Map.Entry<String, NodeInfo> input : inputs.entrySet()) {
            String name = input.getKey();
            if (!name.equals(INPUT_IDS) && !name.equals(ATTENTION_MASK) && !name.equals(TOKEN_TYPE_IDS)) {
                throw new ModelLoadException("Model '" + modelName + "' requires the input '" + name
                        + "', which the runtime cannot feed (it feeds input_ids, attention_mask, token_type_ids).");
            }
            if (!(input.getValue().getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.INT64) {
                throw new ModelLoadException("Model '" + modelName + "' declares input '" + name + "' as "
                        + input.getValue().getInfo() + "; the runtime feeds int64 tensors.");
            }
        }
        return inputs.containsKey(TOKEN_TYPE_IDS);
    }

    private static List<OutputSpec> readOutputs(String modelName, Map<String, NodeInfo> declared) {
        List<OutputSpec> specs = new ArrayList<>(declared.size());
        for (Map.Entry<String, NodeInfo> output : declared.entrySet()) {
            if (!(output.getValue().getInfo() instanceof TensorInfo tensor) || !FLOAT_TYPES.contains(tensor.type)
                    || tensor.getShape().length < 1) {
                throw new ModelLoadException("Model '" + modelName + "' declares output '" + output.getKey()
                        + "' as " + output.getValue().getInfo() + "; the runtime reads float32, float16 or"
                        + " bfloat16 tensors with a batch dimension.");
            }
            specs.add(new OutputSpec(output.getKey(), tensor.getShape()));
        }
        return Collections.unmodifiableList(specs);
    }

    /** Outputs of a half-precision graph (float16, bfloat16): ONNX Runtime allocates them, the runtime widens them. */
    private static Set<String> halfPrecisionOutputs(Map<String, NodeInfo> declared) {
        Set<String> half = new LinkedHashSet<>();
        declared.forEach((name, info) -> {
            if (info.getInfo() instanceof TensorInfo tensor && tensor.type != OnnxJavaType.FLOAT) {
                half.add(name);
            }
        });
        return Set.copyOf(half);
    }

    /** The provider the session really runs on, lower case ({@code cpu}, {@code cuda}). */
    public String executionProvider() {
        return provider.name().toLowerCase(Locale.ROOT);
    }

    /** The graph's outputs in declared order. */
    public List<OutputSpec> outputs() {
        return outputs;
    }

    /** Whether the graph declares {@code token_type_ids} (and so is fed it). */
    public boolean feedsTokenTypeIds() {
        return feedsTokenTypes;
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
        int batchSize = batch.size();
        int maxLength = 1;
        for (Encoding encoding : batch) {
            maxLength = Math.max(maxLength, encoding.length());
        }
        BatchBuffers buffers = bufferPool.poll();
        if (buffers == null) {
            buffers = new BatchBuffers();
        }
        try {
            buffers.fill(batch, maxLength, feedsTokenTypes);
            if (pinOutputs) {
                try {
                    return runOnce(batch, buffers, maxLength, true);
                } catch (OrtException pinnedFailure) {
                    // Maybe a real output shape differs from the declared one; find out without the pinned buffers.
                    // Only if that works is pinning to blame: a batch the model rejects anyway changes nothing.
                    List<SequenceOutputs> sliced = runOnce(batch, buffers, maxLength, false);
                    pinOutputs = false;
                    LOG.info("Model '{}': its outputs do not fit buffers shaped as declared ({}); ONNX Runtime will"
                            + " allocate them", modelName, firstLine(pinnedFailure.getMessage()));
                    return sliced;
                }
            }
            return runOnce(batch, buffers, maxLength, false);
        } catch (OrtException e) {
            throw new InferenceException("Model '" + modelName + "' failed on a batch of " + batchSize
                    + " sequences of up to " + maxLength + " tokens: " + firstLine(e.getMessage()), e);
        } finally {
            bufferPool.offer(buffers);
        }
    }

    private List<SequenceOutputs> runOnce(List<Encoding> batch, BatchBuffers buffers, int maxLength, boolean pin)
            throws OrtException {
        int batchSize = batch.size();
        long[] shape = {batchSize, maxLength};
        int elements = batchSize * maxLength;
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>(4);
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>(outputs.size() * 2);
        Map<String, FloatBuffer> pinnedData = new HashMap<>(outputs.size() * 2);
        try {
            inputs.put(INPUT_IDS, OnnxTensor.createTensor(env, window(buffers.ids, elements), shape));
            inputs.put(ATTENTION_MASK, OnnxTensor.createTensor(env, window(buffers.mask, elements), shape));
            if (feedsTokenTypes) {
                inputs.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, window(buffers.types, elements), shape));
            }
            Set<String> allocatedByOrt = new LinkedHashSet<>();
            for (OutputSpec spec : outputs) {
                long[] outputShape = pin && !halfOutputs.contains(spec.name())
                        ? predictedShape(spec, batchSize, maxLength) : null;
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
                return slice(batch, result, pinnedData);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
            pinned.values().forEach(OnnxTensor::close);
        }
    }

    /** The output's shape for this batch when every dimension but batch and sequence is fixed, else null. */
    private static long[] predictedShape(OutputSpec spec, int batchSize, int maxLength) {
        long[] declared = spec.shape();
        long[] shape = new long[declared.length];
        shape[0] = batchSize;
        for (int d = 1; d < declared.length; d++) {
            if (declared[d] > 0) {
                shape[d] = declared[d];
            } else if (d == 1) {
                shape[d] = maxLength;
            } else {
                return null;
            }
        }
        return shape;
    }

    private static int elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return Math.toIntExact(count);
    }

    /** A window of exactly {@code elements} values: ONNX Runtime wraps a direct buffer without copying it. */
    private static <B extends java.nio.Buffer> B window(B buffer, int elements) {
        @SuppressWarnings("unchecked")
        B view = (B) buffer.duplicate().position(0).limit(elements);
        return view;
    }

    /** @param pinnedData the buffers ONNX Runtime wrote pinned outputs into, by output name */
    private List<SequenceOutputs> slice(List<Encoding> batch, OrtSession.Result result,
                                        Map<String, FloatBuffer> pinnedData) throws OrtException {
        int batchSize = batch.size();
        List<Map<String, OutputTensor>> perSequence = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) {
            perSequence.add(new LinkedHashMap<>(outputs.size() * 2));
        }
        for (OutputSpec spec : outputs) {
            OnnxValue value = result.get(spec.name())
                    .orElseThrow(() -> new InferenceException("Model '" + modelName + "' returned no '"
                            + spec.name() + "' output."));
            OnnxTensor tensor = (OnnxTensor) value;
            long[] shape = tensor.getInfo().getShape();
            // A pinned output is read in place; one ONNX Runtime allocated is copied out once (and widened to
            // float32 when the graph computes in half precision).
            FloatBuffer data = pinnedData.get(spec.name());
            if (data == null) {
                data = tensor.getFloatBuffer();
            }
            int perItem = 1;
            for (int d = 1; d < shape.length; d++) {
                perItem *= (int) shape[d];
            }
            int rowWidth = shape.length > 2 ? perItem / (int) shape[1] : 1;
            for (int i = 0; i < batchSize; i++) {
                int[] itemShape = new int[shape.length - 1];
                for (int d = 1; d < shape.length; d++) {
                    itemShape[d - 1] = (int) shape[d];
                }
                int count = perItem;
                if (spec.perToken()) {
                    // Padding rows would only confuse heads: keep the sequence's own tokens.
                    int length = batch.get(i).length();
                    itemShape[0] = length;
                    count = length * rowWidth;
                }
                float[] values = new float[count];
                data.get(i * perItem, values, 0, count);
                perSequence.get(i).put(spec.name(), new OutputTensor(values, itemShape));
            }
        }
        List<SequenceOutputs> out = new ArrayList<>(batchSize);
        for (Map<String, OutputTensor> byName : perSequence) {
            out.add(new SequenceOutputs(Collections.unmodifiableMap(byName)));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Model '{}': closing the ONNX Runtime session failed: {}", modelName, e.getMessage());
        }
    }

    /**
     * Direct buffers for one run, grown on demand and reused: int64 for the three inputs, float32 for each output
     * whose shape can be predicted (ONNX Runtime writes those in place).
     */
    private static final class BatchBuffers {
        private LongBuffer ids = allocateLongs(0);
        private LongBuffer mask = allocateLongs(0);
        private LongBuffer types = allocateLongs(0);
        private long[] zeros = new long[0];
        private final Map<String, FloatBuffer> outputs = new HashMap<>();

        void fill(List<Encoding> batch, int maxLength, boolean withTypes) {
            int elements = batch.size() * maxLength;
            if (ids.capacity() < elements) {
                int capacity = grownCapacity(elements);
                ids = allocateLongs(capacity);
                mask = allocateLongs(capacity);
                types = allocateLongs(capacity);
            }
            if (zeros.length < maxLength) {
                zeros = new long[grownCapacity(maxLength)];
            }
            int offset = 0;
            for (Encoding encoding : batch) {
                // Bulk copies of the unboxed token arrays; the padding tail is copied from a zero array.
                int length = encoding.length();
                int padding = maxLength - length;
                ids.put(offset, encoding.ids(), 0, length).put(offset + length, zeros, 0, padding);
                mask.put(offset, encoding.attentionMask(), 0, length).put(offset + length, zeros, 0, padding);
                if (withTypes) {
                    long[] typeIds = encoding.typeIds();
                    types.put(offset, typeIds != null ? typeIds : zeros, 0, length)
                            .put(offset + length, zeros, 0, padding);
                }
                offset += maxLength;
            }
        }

        /** A buffer of exactly {@code elements} floats for an output. */
        FloatBuffer output(String name, int elements) {
            FloatBuffer buffer = outputs.get(name);
            if (buffer == null || buffer.capacity() < elements) {
                buffer = ByteBuffer.allocateDirect(grownCapacity(elements) * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                outputs.put(name, buffer);
            }
            return window(buffer, elements);
        }

        private static int grownCapacity(int elements) {
            return Math.max(256, Integer.highestOneBit(Math.max(1, elements - 1)) << 1);
        }

        private static LongBuffer allocateLongs(int elements) {
            return ByteBuffer.allocateDirect(Math.max(elements, 1) * Long.BYTES).order(ByteOrder.nativeOrder())
                    .asLongBuffer();
        }
    }
}
