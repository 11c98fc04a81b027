package io.nlpstream.app.infer;

/**
 * One input line that cannot be turned into a request (not JSON, not an object, a missing or mistyped field).
 * The runner writes it as that line's error object and goes on; the message is one sentence for the user.
 */
public final class InvalidLineException extends Exception {
    public InvalidLineException(String message) {
        super(message);
    }
}
