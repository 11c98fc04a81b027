package io.nlpstream.app.config;

/** The service's configuration cannot work; the message is one sentence for the operator, naming the key. */
public final class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
