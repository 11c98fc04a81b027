package io.nlpstream.topology.decision;

import io.nlpstream.models.Task;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one model of a pipeline can flag, for validating thresholds and rules: its task and the labels its flags may
 * carry (class labels; entity groups, read from the IOB tags as the token-classification head groups them), or
 * empty when they cannot be known before running (ranking flags carry response ids; a model without label names).
 */
public record FlagSource(String model, Task task, Optional<Set<String>> labels) {
    public FlagSource {
        labels = labels.map(Set::copyOf);
    }

    /** From a loaded model's task and label list ({@code ModelInfo.labels()}). */
    public static FlagSource of(String model, Task task, List<String> modelLabels) {
        if (modelLabels.isEmpty() || task == Task.FEATURE_EXTRACTION || task == Task.QUESTION_ANSWERING) {
            return new FlagSource(model, task, Optional.empty());
        }
        if (task == Task.TEXT_CLASSIFICATION) {
            return new FlagSource(model, task, Optional.of(new LinkedHashSet<>(modelLabels)));
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String tag : modelLabels) {
            if (!tag.equals("O")) {
                groups.add(tag.substring(tag.indexOf('-') + 1));
            }
        }
        return new FlagSource(model, task, Optional.of(groups));
    }

    /** Whether this model's results can carry scores to threshold (QA answers cannot). */
    public boolean canFlag() {
        return task != Task.QUESTION_ANSWERING;
    }

    /** Whether a flag with {@code label} may come from this model. */
    public boolean mayRaise(String label) {
        return labels.map(known -> known.contains(label)).orElse(true);
    }
}
