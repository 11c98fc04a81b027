package io.nlpstream.models.input;

import java.util.Objects;

/**
 * The input of text classification as the transformers pipeline accepts it: a text, or {@code {"text", "text_pair"}}
 * (a cross-encoder's query and passage, an NLI premise and hypothesis), encoded with the tokenizer's pair template.
 *
 * @param textPair the second text, {@code null} for a single text
 */
public record TextInput(String text, String textPair) {
    public TextInput {
        Objects.requireNonNull(text, "text");
    }

    /** A single text. */
    public static TextInput of(String text) {
        return new TextInput(text, null);
    }

    /** A text pair. */
    public static TextInput pair(String text, String textPair) {
        return new TextInput(text, Objects.requireNonNull(textPair, "textPair"));
    }

    public boolean isPair() {
        return textPair != null;
    }
}
