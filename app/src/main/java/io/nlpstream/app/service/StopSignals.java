package io.nlpstream.app.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT as a stop request that the {@code run} command answers itself: the JVM's default handlers
 * start the shutdown at once and end the process with status 143 or 130, whereas the contract is a clean close of
 * Kafka Streams and exit status 0. While installed, a signal only counts the latch down; {@link #close()} puts the
 * previous handlers back. Where the JVM does not let a handler be installed (e.g. {@code -Xrs}), that signal keeps
 * its default behaviour, and the shutdown hook of the {@code run} command still closes the service.
 */
final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.nlpstream.app");
    static final List<String> SIGNALS = List.of("TERM", "INT");

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile String received;

    private StopSignals() {
    }

    static StopSignals install() {
        StopSignals signals = new StopSignals();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                signals.previous.put(signal, Signal.handle(signal, s -> {
                    signals.received = "SIG" + s.getName();
                    signals.stop.countDown();
                }));
            } catch (IllegalArgumentException e) {
                LOG.warn("Cannot handle SIG{} ({}); it will stop the JVM directly", name, e.getMessage());
            }
        }
        return signals;
    }

    /** Whether a stop signal arrived within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException {
        return stop.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether this instance handles the signal named {@code name} (e.g. {@code TERM}). */
    boolean handles(String name) {
        return previous.keySet().stream().anyMatch(s -> s.getName().equals(name));
    }

    /** The signal that asked to stop, e.g. {@code SIGTERM}; {@code null} before one arrived. */
    String received() {
        return received;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
