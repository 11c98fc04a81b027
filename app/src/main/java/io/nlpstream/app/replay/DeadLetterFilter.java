package io.nlpstream.app.replay;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.nlpstream.topology.deadletter.DeadLetterHeaders;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import org.apache.kafka.common.header.Headers;

/**
 * Which dead letters a replay selects, by the {@code dlq.*} headers the topology writes: their reason, the topic they
 * were read from (a pipeline's input topics), and when they were dead-lettered ({@code dlq.timestamp}, from
 * {@code since} inclusive to {@code until} exclusive). An empty set or an absent bound selects everything.
 */
public record DeadLetterFilter(Set<DeadLetterReason> reasons, Set<String> sourceTopics, Optional<Instant> since,
                               Optional<Instant> until) {
    public static final DeadLetterFilter ALL = new DeadLetterFilter(Set.of(), Set.of(), Optional.empty(),
            Optional.empty());

    public DeadLetterFilter {
        reasons = Set.copyOf(reasons);
        sourceTopics = Set.copyOf(sourceTopics);
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new IllegalArgumentException("--since " + since.get() + " is not before --until " + until.get());
        }
    }

    /** Whether the dead letter with these headers is selected; one without the topology's headers never is. */
    public boolean matches(Headers headers) {
        String reason = DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON);
        if (reason == null || !reasons.isEmpty() && reasons.stream().noneMatch(r -> r.name().equals(reason))) {
            return false;
        }
        String source = DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC);
        if (!sourceTopics.isEmpty() && !sourceTopics.contains(source)) {
            return false;
        }
        if (since.isEmpty() && until.isEmpty()) {
            return true;
        }
        Optional<Instant> at = deadLetteredAt(headers);
        return at.isPresent() && since.map(s -> !at.get().isBefore(s)).orElse(true)
                && until.map(u -> at.get().isBefore(u)).orElse(true);
    }

    /** The filter in one canonical line: the same selection always gives the same text. */
    public String describe() {
        return "reasons=" + (reasons.isEmpty() ? "any" : String.join(",", new TreeSet<>(reasons.stream()
                .map(Enum::name).toList())))
                + " sources=" + (sourceTopics.isEmpty() ? "any" : String.join(",", new TreeSet<>(sourceTopics)))
                + " since=" + since.map(Instant::toString).orElse("-")
                + " until=" + until.map(Instant::toString).orElse("-");
    }

    static Optional<Instant> deadLetteredAt(Headers headers) {
        String millis = DeadLetterHeaders.read(headers, DeadLetterHeaders.TIMESTAMP);
        try {
            return millis == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
