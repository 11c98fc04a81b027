package io.nlpstream.models;

import java.util.Arrays;
import java.util.Locale;

/** The inference tasks, named as the transformers pipelines name them. */
public enum Task {
    TEXT_CLASSIFICATION("text-classification"),
    TOKEN_CLASSIFICATION("token-classification"),
    QUESTION_ANSWERING("question-answering"),
    FEATURE_EXTRACTION("feature-extraction");

    private final String id;

    Task(String id) {
        this.id = id;
    }

    /** The pipeline name, e.g. {@code text-classification}. */
    public String id() {
        return id;
    }

    /** Parses a pipeline name; accepts the transformers aliases {@code ner} and {@code sentiment-analysis}. */
    public static Task fromId(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "ner":
                return TOKEN_CLASSIFICATION;
            case "sentiment-analysis":
                return TEXT_CLASSIFICATION;
            default:
                return Arrays.stream(values())
                        .filter(t -> t.id.equals(key))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("Unknown task '" + name + "'; expected one of "
                                + Arrays.stream(values()).map(Task::id).toList()));
        }
    }
}
