package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onlyReplacementsWithinTheWindowCountAsRecentAndTheTotalKeepsEveryOne() {
        ThreadReplacements replacements = new ThreadReplacements(Duration.ofMinutes(10));
        replacements.record(T0);
        replacements.record(T0.plusSeconds(60));
        replacements.record(T0.plusSeconds(300));

        assertThat(replacements.recent(T0.plusSeconds(300))).isEqualTo(3);
        assertThat(replacements.recent(T0.plusSeconds(660))).isEqualTo(2);
        assertThat(replacements.recent(T0.plusSeconds(1000))).isZero();
        assertThat(replacements.total()).isEqualTo(3);
    }
}
