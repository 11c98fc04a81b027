package io.nlpstream.models.cache;

import java.util.Objects;

/**
 * What a cached result answers: the model's name and version (a result never comes from another version), the task
 * options that change the answer (records with value equality), and the input after normalisation: the text, and
 * for question answering the question ({@code null} otherwise).
 */
public record ResultKey(String model, String version, Object options, String text, String question) {
    public ResultKey {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(text, "text");
    }

    /** Estimated heap held by this key alone (name, version and options are shared with the model). */
    long estimatedBytes() {
        return 40 + ResultSizes.string(text) + (question == null ? 0 : ResultSizes.string(question));
    }
}
