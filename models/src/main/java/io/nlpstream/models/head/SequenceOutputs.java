package io.nlpstream.models.head;

import java.util.Map;

/** The outputs of one sequence, by the graph's output names, in the graph's declared order. */
public record SequenceOutputs(Map<String, OutputTensor> byName) {

    public OutputTensor get(String name) {
        OutputTensor tensor = byName.get(name);
        if (tensor == null) {
            throw new IllegalStateException("model has no output '" + name + "'; it declares " + byName.keySet());
        }
        return tensor;
    }

    /** The graph's first declared output. */
    public OutputTensor first() {
        return byName.values().iterator().next();
    }
}
