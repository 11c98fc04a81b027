package io.nlpstream.models.runtime;

/**
 * How ONNX Runtime sessions are built.
 *
 * @param intraOpThreads       threads inside one operator; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads       threads across operators; 0 lets ONNX Runtime choose
 * @param cudaMemoryLimitBytes the CUDA arena limit; 0 means no limit
 * @param allowSpinning        whether idle ONNX Runtime pool threads busy-wait for the next operator instead of
 *                             sleeping. Spinning shaves microseconds off each operator on a dedicated machine, but
 *                             on cores shared with Kafka clients, a broker or other models it burns the CPU they
 *                             need, so it is off by default.
 */
public record SessionSettings(ExecutionProvider provider, int deviceId, int intraOpThreads, int interOpThreads,
                              GraphOptimization optimization, long cudaMemoryLimitBytes, boolean allowSpinning) {
    /**
     * One intra-op thread per call: the batcher runs one call per core in parallel ({@code BatcherSettings.workers}),
     * which keeps small CPU models busier than one call spread over every core (docs/performance.md).
     */
    public static final int DEFAULT_INTRA_OP_THREADS = 1;
    public static final SessionSettings DEFAULTS = new SessionSettings(ExecutionProvider.CPU, 0,
            DEFAULT_INTRA_OP_THREADS, 1, GraphOptimization.ALL, 0L, false);

    /** ONNX Runtime's own threading: one intra-op thread per core, for one call at a time. */
    public static final int ONE_THREAD_PER_CORE = 0;

    /** Settings without spinning (the default). */
    public SessionSettings(ExecutionProvider provider, int deviceId, int intraOpThreads, int interOpThreads,
                           GraphOptimization optimization, long cudaMemoryLimitBytes) {
        this(provider, deviceId, intraOpThreads, interOpThreads, optimization, cudaMemoryLimitBytes, false);
    }

    public SessionSettings withAllowSpinning(boolean spinning) {
        return new SessionSettings(provider, deviceId, intraOpThreads, interOpThreads, optimization,
                cudaMemoryLimitBytes, spinning);
    }

    public SessionSettings withIntraOpThreads(int threads) {
        return new SessionSettings(provider, deviceId, threads, interOpThreads, optimization, cudaMemoryLimitBytes,
                allowSpinning);
    }
}
