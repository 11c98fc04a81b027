package io.nlpstream.models.tokenize;

/** A tokenizer file that cannot be read or used, or a text the tokenizer rejects. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
