package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.RegistryAuthenticationException;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import io.nlpstream.schemas.testing.Events;
import io.nlpstream.schemas.testing.StubRegistryServer;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watch against a real registry client and a stub registry over HTTP, driven check by check (no timer). */
class RegistryWatchTest {
    final StubRegistryServer registry = StubRegistryServer.start();
    final SchemaRegistryClient client = Events.client(registry.url());
    final ProcessingPauses pauses = new ProcessingPauses();
    final RegistryWatch watch = new RegistryWatch(RegistryWatch.Probe.of(client), pauses);

    @AfterEach
    void close() {
        watch.close();
        client.close();
        registry.close();
    }

    /** The stream thread's failure as Kafka Streams hands it to the uncaught handler. */
    static StreamsException streamFailure(RuntimeException cause) {
        return new StreamsException("Exception caught in process. taskId=0_0", cause);
    }

    @Test
    void anOutageOnAStreamThreadPausesProcessingUntilTheRegistryAnswersAgain() {
        registry.failNextRequests(1_000, 503);
        RegistryUnavailableException outage = catchThrowableOfType(RegistryUnavailableException.class,
                () -> client.register("reviews-out-value", TextEvent.getClassSchema()));

        assertThat(watch.onStreamFailure(streamFailure(outage))).isTrue();
        assertThat(pauses.reasons().get(RegistryWatch.PAUSE_KEY))
                .startsWith("The schema registry cannot be reached (")
                .contains("HTTP 503", "Processing is paused until it answers", "nothing is dead-lettered");

        watch.checkOnce();
        assertThat(pauses.paused()).as("still failing: still paused").isTrue();

        registry.failNextRequests(0, 503);
        watch.checkOnce();
        assertThat(pauses.paused()).isFalse();
    }

    @Test
    void refusedCredentialsAreAnAuthenticationErrorNotAnOutageAndPauseToo() {
        registry.failNextRequests(1_000, 401);
        long before = registry.requestCount();
        RegistryAuthenticationException refused = catchThrowableOfType(RegistryAuthenticationException.class,
                () -> client.schemaById(1));
        assertThat(registry.requestCount() - before).as("a 401 is not retried").isEqualTo(1);

        assertThat(watch.onStreamFailure(streamFailure(refused))).isTrue();
        String reason = pauses.reasons().get(RegistryWatch.PAUSE_KEY);
        assertThat(reason).startsWith("The schema registry refused the service's credentials (HTTP 401")
                .contains("schema-registry.basic-auth-user-info", "paused until it accepts them");

        watch.checkOnce();
        assertThat(pauses.reasons().get(RegistryWatch.PAUSE_KEY)).contains("HTTP 401");

        registry.failNextRequests(0, 401);
        watch.checkOnce();
        assertThat(pauses.paused()).isFalse();
    }

    @Test
    void otherStreamFailuresAndOtherPausesAreNotItsBusiness() {
        assertThat(watch.onStreamFailure(new StreamsException("state store failed"))).isFalse();
        pauses.pause("dead-letter-topic:dlq", "The dead-letter topic 'dlq' does not exist.");
        watch.checkOnce();
        assertThat(pauses.reasons()).containsOnlyKeys("dead-letter-topic:dlq");
        assertThat(registry.requestCount()).as("no probe while not paused for the registry").isZero();
    }
}
