package io.nlpstream.models.head;

/** Where heads find their logits: the named output when the graph has it, the first output otherwise. */
final class Logits {
    private Logits() {
    }

    static OutputTensor named(SequenceOutputs outputs, String name) {
        OutputTensor tensor = outputs.byName().get(name);
        return tensor != null ? tensor : outputs.first();
    }

    static void requireOneSequence(java.util.List<?> encodings, java.util.List<SequenceOutputs> outputs) {
        if (encodings.size() != 1 || outputs.size() != 1) {
            throw new IllegalArgumentException("expected the outputs of exactly one sequence, got "
                    + outputs.size() + " for " + encodings.size() + " encodings");
        }
    }
}
