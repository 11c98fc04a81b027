package io.nlpstream.app.service;

import java.time.Duration;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started service: the Micronaut context (models, HTTP, metrics) and its Kafka Streams. {@link #close()} stops
 * it as SIGTERM does: the streams first (within {@code kafka.close-timeout}), then the HTTP server and the models.
 */
public final class RunningService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.nlpstream.app");

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final StreamsRunner streams;
    private volatile boolean closed;

    RunningService(ApplicationContext context, EmbeddedServer server, StreamsRunner streams) {
        this.context = context;
        this.server = server;
        this.streams = streams;
    }

    public ApplicationContext applicationContext() {
        return context;
    }

    /** The HTTP port actually bound (useful with {@code micronaut.server.port: -1}). */
    public int httpPort() {
        return server.getPort();
    }

    public KafkaStreams kafkaStreams() {
        return streams.streams().orElseThrow();
    }

    public StreamsRunner streamsRunner() {
        return streams;
    }

    /**
     * Waits until Kafka Streams is RUNNING (all tasks assigned and restored).
     *
     * @throws IllegalStateException when it stops or errors instead, or the time runs out
     */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!streams.isRunning()) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("Kafka Streams stopped in state " + state + " before running");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka Streams was not running within " + timeout + " (state "
                        + state + ")");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("nlp-stream: stopping");
        streams.close();
        context.close();
        LOG.info("nlp-stream: stopped");
    }
}
