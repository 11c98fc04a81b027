package io.nlpstream.it.support;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Header;

/**
 * What the output and dead-letter topics say about the events produced. An event is <em>lost</em> when it is not
 * where it belongs (a valid event in the output, a poison pill in the dead-letter topic), <em>duplicated</em> when
 * it appears more than once across both topics, <em>misrouted</em> when it is in the other topic.
 *
 * @param deadLettersByReason dead letters counted by their {@code dlq.reason} header
 * @param stalledSeconds      the longest time with events produced and not yet accounted for while nothing new
 *                            arrived in either topic ({@link StallWatch})
 */
public record Reconciliation(int produced, int enriched, int deadLetters, SortedSet<String> lost,
                             SortedSet<String> duplicated, SortedSet<String> misrouted,
                             SortedMap<String, Integer> deadLettersByReason, double stalledSeconds) {

    public static Reconciliation of(Collection<String> valid, Collection<String> poison, TopicCollector output,
                                    TopicCollector deadLetters, double stalledSeconds) {
        SortedSet<String> lost = new TreeSet<>();
        SortedSet<String> misrouted = new TreeSet<>();
        for (String id : valid) {
            if (output.count(id) == 0) {
                lost.add(id);
            }
            if (deadLetters.count(id) > 0) {
                misrouted.add(id);
            }
        }
        for (String id : poison) {
            if (deadLetters.count(id) == 0) {
                lost.add(id);
            }
            if (output.count(id) > 0) {
                misrouted.add(id);
            }
        }
        Set<String> seen = new HashSet<>(output.countsById().keySet());
        seen.addAll(deadLetters.countsById().keySet());
        SortedSet<String> duplicated = seen.stream()
                .filter(id -> output.count(id) + deadLetters.count(id) > 1)
                .collect(Collectors.toCollection(TreeSet::new));
        SortedMap<String, Integer> byReason = new TreeMap<>();
        deadLetters.records().forEach(r -> {
            Header reason = r.headers().lastHeader("dlq.reason");
            byReason.merge(reason == null ? "<none>" : new String(reason.value(), StandardCharsets.UTF_8), 1,
                    Integer::sum);
        });
        return new Reconciliation(valid.size() + poison.size(), output.count(), deadLetters.count(), lost,
                duplicated, misrouted, byReason, stalledSeconds);
    }

    /** Nothing lost, nothing duplicated, nothing in the wrong topic, and the counts add up. */
    public boolean clean() {
        return lost.isEmpty() && duplicated.isEmpty() && misrouted.isEmpty() && produced == enriched + deadLetters;
    }

    public String summary() {
        return "produced " + produced + ", enriched " + enriched + ", dead letters " + deadLetters + " "
                + deadLettersByReason + ", lost " + lost.size() + sample(lost) + ", duplicated " + duplicated.size()
                + sample(duplicated) + ", misrouted " + misrouted.size() + sample(misrouted) + ", longest stall "
                + stalledSeconds + " s";
    }

    private static String sample(SortedSet<String> ids) {
        return ids.isEmpty() ? "" : " " + ids.stream().limit(5).toList();
    }
}
