package io.nlpstream.models.input;

import java.util.Objects;

/** A question about a context, the input of extractive question answering. */
public record QaInput(String question, String context) {
    public QaInput {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(context, "context");
    }
}
