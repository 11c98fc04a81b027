package io.nlpstream.app.service;

/**
 * The service could not start; the message is the one sentence the operator sees after {@code nlp-stream: }, e.g.
 * {@code invalid configuration: pipelines[0].output must name a topic.}
 */
public final class ServiceStartException extends RuntimeException {
    public ServiceStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
