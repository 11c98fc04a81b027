package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.nlpstream.app.testing.CiPreconditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;

/**
 * SIGTERM becomes a stop request instead of the JVM's own shutdown (which would exit 143), so {@code run} can close
 * the service and exit 0. The signal is really raised in this JVM, only once the handler is known to be installed.
 */
@Timeout(30)
class StopSignalsTest {

    @Test
    void sigtermCountsTheLatchDownAndLeavesTheJvmRunning() throws Exception {
        try (StopSignals signals = StopSignals.install()) {
            CiPreconditions.require(signals.handles("TERM"), "this JVM does not let SIGTERM be handled");
            assertThat(signals.await(Duration.ZERO)).isFalse();

            Signal.raise(new Signal("TERM"));

            assertThat(signals.await(Duration.ofSeconds(10))).isTrue();
            assertThat(signals.received()).isEqualTo("SIGTERM");
        }
    }

    @Test
    void closePutsThePreviousHandlerBack() throws Exception {
        try (StopSignals outer = StopSignals.install()) {
            CiPreconditions.require(outer.handles("TERM"), "this JVM does not let SIGTERM be handled");
            StopSignals inner = StopSignals.install();
            inner.close();

            Signal.raise(new Signal("TERM"));

            assertThat(outer.await(Duration.ofSeconds(10))).as("the outer handler is back").isTrue();
            assertThat(inner.await(Duration.ZERO)).as("the closed handler no longer sees signals").isFalse();
        }
    }
}
