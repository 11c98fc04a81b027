package io.nlpstream.topology.ranking;

/** A response-base value that is not a valid response document. */
public class InvalidResponseException extends IllegalArgumentException {
    public InvalidResponseException(String message) {
        super(message);
    }

    public InvalidResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
