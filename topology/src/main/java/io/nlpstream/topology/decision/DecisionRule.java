package io.nlpstream.topology.decision;

import io.nlpstream.schemas.avro.Flag;
import java.util.List;
import java.util.Objects;

/**
 * One decision rule: it matches when {@code flags} are raised ({@link RuleMatch#ANY any} or {@link RuleMatch#ALL
 * all} of them), counting only flags of {@code model} when it is set and only flags scoring at least
 * {@code minScore} when that is set; a match decides {@code action}.
 *
 * @param model    {@code null}: a flag of any model counts
 * @param minScore {@code null}: the flag's threshold is enough
 */
public record DecisionRule(String name, String model, RuleMatch match, List<String> flags, Double minScore,
                           String action) {
    public DecisionRule {
        Objects.requireNonNull(match, "match");
        flags = List.copyOf(flags);
    }

    /** Whether {@code raised} satisfies this rule. */
    public boolean matches(List<Flag> raised) {
        if (flags.isEmpty()) {
            return false;
        }
        return switch (match) {
            case ANY -> flags.stream().anyMatch(label -> counts(label, raised));
            case ALL -> flags.stream().allMatch(label -> counts(label, raised));
        };
    }

    private boolean counts(String label, List<Flag> raised) {
        for (Flag flag : raised) {
            if (flag.getLabel().equals(label) && (model == null || flag.getModel().equals(model))
                    && (minScore == null || flag.getScore() >= minScore)) {
                return true;
            }
        }
        return false;
    }
}
