package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessingPausesTest {
    @TempDir
    java.nio.file.Path stateDir;

    @Test
    void kafkaStreamsIsPausedWhileAnyReasonHoldsInTheOrderTheyBegan() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pauses-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
                .to("out");
        ProcessingPauses pauses = new ProcessingPauses();
        assertThat(pauses.pause("a", "A is gone.")).isTrue();
        // Never started: pause and resume are Kafka Streams' own, usable before start.
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            pauses.attach(streams);
            assertThat(streams.isPaused()).isTrue();
            assertThat(pauses.pause("b", "B is gone.")).isTrue();
            assertThat(pauses.pause("a", "A is gone.")).isFalse();
            assertThat(pauses.reasons().values()).containsExactly("A is gone.", "B is gone.");

            assertThat(pauses.resume("a")).isTrue();
            assertThat(streams.isPaused()).isTrue();
            assertThat(pauses.resume("a")).isFalse();
            assertThat(pauses.resume("b")).isTrue();
            assertThat(streams.isPaused()).isFalse();
            assertThat(pauses.paused()).isFalse();

            pauses.pause("c", "C is gone.");
            assertThat(streams.isPaused()).isTrue();
        }
    }
}
