package io.nlpstream.models.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.nlpstream.models.ModelLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Opens an ONNX Runtime session as {@link SessionSettings} say. CUDA that cannot be had (a CPU-only ONNX Runtime
 * build, no driver, a provider that fails to start) is not an error: one WARN line names the reason and the session
 * opens on CPU. A graph ONNX Runtime cannot read fails with {@link ModelLoadException}.
 */
final class SessionOpener {

    private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);

    /** ONNX Runtime session configuration keys (onnxruntime_session_options_config_keys.h). */
    static final String INTRA_OP_SPINNING = "session.intra_op.allow_spinning";
    static final String INTER_OP_SPINNING = "session.inter_op.allow_spinning";

    private SessionOpener() {
    }

    /** Creates a session from options; the options are closed after the call. */
    @FunctionalInterface
    interface SessionFactory {
        OrtSession create(OrtSession.SessionOptions options) throws OrtException;
    }

    /** An open session and the provider it really runs on. */
    record OpenSession(OrtSession session, ExecutionProvider provider) {
    }

    static OpenSession open(String modelName, SessionSettings settings, SessionFactory factory) {
        return open(modelName, settings, factory, OrtEnvironment.getAvailableProviders());
    }

    /** @param availableProviders the providers this ONNX Runtime build has */
    static OpenSession open(String modelName, SessionSettings settings, SessionFactory factory,
                            Set<OrtProvider> availableProviders) {
        if (settings.provider() == ExecutionProvider.CUDA) {
            String reason;
            if (!availableProviders.contains(OrtProvider.CUDA)) {
                reason = "this ONNX Runtime build has no CUDA provider; build with -Pgpu";
            } else {
                // The provider options stay open until the session exists.
                try (OrtSession.SessionOptions options = baseOptions(settings);
                     OrtCUDAProviderOptions cuda = cudaOptions(settings)) {
                    options.addCUDA(cuda);
                    return new OpenSession(factory.create(options), ExecutionProvider.CUDA);
                } catch (OrtException | UnsatisfiedLinkError e) {
                    reason = "CUDA could not start on device " + settings.deviceId() + ": "
                            + OrtMessages.firstLine(e.getMessage());
                }
            }
            LOG.warn("Model '{}': CUDA execution provider requested but unavailable ({}); falling back to CPU",
                    modelName, reason);
        }
        try (OrtSession.SessionOptions options = baseOptions(settings)) {
            return new OpenSession(factory.create(options), ExecutionProvider.CPU);
        } catch (OrtException e) {
            throw new ModelLoadException("Model '" + modelName + "' is not a valid ONNX graph: "
                    + OrtMessages.firstLine(e.getMessage()), e);
        }
    }

    /** The options every session starts from; the caller closes them. */
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
}
