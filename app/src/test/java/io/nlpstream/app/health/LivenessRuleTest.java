package io.nlpstream.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** {@link ServiceHealth#whyNotAlive}: the liveness rule as a function of what it reads. */
class LivenessRuleTest {
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void aRunningInstanceWithFewReplacementsAndNoHungCallIsAlive() {
        assertThat(ServiceHealth.whyNotAlive(KafkaStreams.State.RUNNING, 2, 3, WINDOW,
                Map.of("m", Duration.ofSeconds(5)), TIMEOUT)).isEmpty();
        assertThat(ServiceHealth.whyNotAlive(null, 0, 3, WINDOW, Map.of(), TIMEOUT)).isEmpty();
        assertThat(ServiceHealth.whyNotAlive(KafkaStreams.State.REBALANCING, 0, 3, WINDOW, Map.of(), TIMEOUT))
                .isEmpty();
    }

    @Test
    void repeatedThreadReplacementsWithinTheWindowAreNotAliveThoughStreamsLooksRunning() {
        assertThat(ServiceHealth.whyNotAlive(KafkaStreams.State.RUNNING, 3, 3, WINDOW, Map.of(), TIMEOUT))
                .hasValueSatisfying(reason -> assertThat(reason).contains("3 stream threads were replaced")
                        .contains("liveness.max-thread-replacements"));
    }

    @Test
    void aModelCallRunningPastTheBatchTimeoutIsAHungModel() {
        assertThat(ServiceHealth.whyNotAlive(KafkaStreams.State.RUNNING, 0, 3, WINDOW,
                Map.of("sentiment", Duration.ofSeconds(31)), TIMEOUT))
                .hasValueSatisfying(reason -> assertThat(reason).contains("model 'sentiment'").contains("hung"));
    }

    @Test
    void aFailedOrStoppingStreamsIsNotAlive() {
        assertThat(ServiceHealth.whyNotAlive(KafkaStreams.State.ERROR, 0, 3, WINDOW, Map.of(), TIMEOUT)).isPresent();
        assertThat(ServiceHealth.whyNotAlive(KafkaStreams.State.PENDING_SHUTDOWN, 0, 3, WINDOW, Map.of(), TIMEOUT))
                .isPresent();
    }
}
