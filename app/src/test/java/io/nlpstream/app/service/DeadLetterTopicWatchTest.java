package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The watch's decisions, driven check by check with scripted answers (no timer, no cluster). */
class DeadLetterTopicWatchTest {
    final ProcessingPauses pauses = new ProcessingPauses();
    final Deque<Object> answers = new ArrayDeque<>();
    final DeadLetterTopicWatch watch = new DeadLetterTopicWatch(() -> {
        Object next = answers.removeFirst();
        if (next instanceof ClusterChecks.NoAnswer noAnswer) {
            throw noAnswer;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> problems = (Map<String, String>) next;
        return problems;
    }, pauses);

    @Test
    void pausesWhileADeadLetterTopicIsUnavailableAndResumesWhenItIsBack() {
        answers.add(Map.of());
        watch.checkOnce();
        assertThat(pauses.paused()).isFalse();

        answers.add(Map.of("dlq", "The dead-letter topic 'dlq' (pipeline p) does not exist."));
        watch.checkOnce();
        assertThat(pauses.reasons()).containsValue("The dead-letter topic 'dlq' (pipeline p) does not exist.");

        // No answer from the cluster: nothing is concluded, the pause stays.
        answers.add(new ClusterChecks.NoAnswer("Kafka did not answer", null));
        watch.checkOnce();
        assertThat(pauses.paused()).isTrue();

        answers.add(Map.of("dlq", "The dead-letter topic 'dlq' (pipeline p) does not exist.", "other",
                "The dead-letter topic 'other' (pipeline q) is not writable by this service."));
        watch.checkOnce();
        assertThat(pauses.reasons()).hasSize(2);

        answers.add(Map.of("other", "The dead-letter topic 'other' (pipeline q) is not writable by this service."));
        watch.checkOnce();
        assertThat(pauses.reasons()).hasSize(1).containsValue(
                "The dead-letter topic 'other' (pipeline q) is not writable by this service.");

        answers.add(Map.of());
        watch.checkOnce();
        assertThat(pauses.paused()).isFalse();
    }

    @Test
    void pausesFromOtherSourcesAreLeftAlone() {
        pauses.pause("registry", "The schema registry answers 401.");
        answers.add(Map.of("dlq", "missing"));
        watch.checkOnce();
        answers.add(Map.of());
        watch.checkOnce();
        assertThat(pauses.reasons()).containsOnlyKeys("registry");
    }
}
