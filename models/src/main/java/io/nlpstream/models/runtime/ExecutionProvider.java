package io.nlpstream.models.runtime;

/** Where ONNX Runtime runs a session. CUDA needs the {@code -Pgpu} build and a CUDA 12 + cuDNN 9 host. */
public enum ExecutionProvider {
    CPU, CUDA
}
