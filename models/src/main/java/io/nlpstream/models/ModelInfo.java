package io.nlpstream.models;

import java.util.List;

/**
 * What a loaded model is: its name, a version (a content hash of {@code model.onnx} unless the config names one),
 * the task its head serves, the execution provider its session actually runs on, its labels (empty for QA and
 * embeddings) and its token limit.
 */
public record ModelInfo(String name, String version, Task task, String executionProvider, List<String> labels,
                        int maxSequenceLength) {
    public ModelInfo {
        labels = List.copyOf(labels);
    }
}
