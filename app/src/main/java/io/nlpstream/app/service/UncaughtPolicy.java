package io.nlpstream.app.service;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * {@code kafka.uncaught-exception-policy}: what a stream thread's uncaught exception does (Kafka Streams'
 * responses). Dead letters catch record-level problems, so this only sees failures of the stream itself.
 */
enum UncaughtPolicy {
    /** Start a new stream thread in place of the failed one; the instance keeps its share of the work. */
    REPLACE_THREAD(StreamThreadExceptionResponse.REPLACE_THREAD),
    /** Stop this instance (the process exits non-zero so the orchestrator restarts it). */
    SHUTDOWN_CLIENT(StreamThreadExceptionResponse.SHUTDOWN_CLIENT),
    /** Stop every instance of the application id. */
    SHUTDOWN_APPLICATION(StreamThreadExceptionResponse.SHUTDOWN_APPLICATION);

    final StreamThreadExceptionResponse response;

    UncaughtPolicy(StreamThreadExceptionResponse response) {
        this.response = response;
    }
}
