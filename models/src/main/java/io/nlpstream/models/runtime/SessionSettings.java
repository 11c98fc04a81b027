package io.nlpstream.models.runtime;

/**
 * How ONNX Runtime sessions are built.
 *
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads threads across operators; 0 lets ONNX Runtime choose
 * @param cudaMemoryLimitBytes the CUDA arena limit; 0 means no limit
 */
public record SessionSettings(ExecutionProvider provider, int deviceId, int intraOpThreads, int interOpThreads,
                              GraphOptimization optimization, long cudaMemoryLimitBytes) {
    public static final SessionSettings DEFAULTS =
            new SessionSettings(ExecutionProvider.CPU, 0, 0, 1, GraphOptimization.ALL, 0L);
}
