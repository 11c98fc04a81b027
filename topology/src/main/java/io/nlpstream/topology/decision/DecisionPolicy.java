package io.nlpstream.topology.decision;

import io.nlpstream.schemas.avro.Decision;
import io.nlpstream.schemas.avro.Flag;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.RankingHit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Applies a pipeline's {@link DecisionSettings} to one event's model results: a pure function of the results, so
 * the stream and the HTTP preview decide alike.
 */
public final class DecisionPolicy {
    private final DecisionSettings settings;

    /** What the policy made of one event: its flags, its decision and where the action routes it. */
    public record Verdict(List<Flag> flags, Decision decision, ActionSettings action) {
        public Verdict {
            flags = List.copyOf(flags);
        }
    }

    public DecisionPolicy(DecisionSettings settings) {
        this.settings = settings;
    }

    public Verdict evaluate(List<ModelResult> results) {
        List<Flag> flags = flags(results);
        for (DecisionRule rule : settings.rules()) {
            if (rule.matches(flags)) {
                return new Verdict(flags, new Decision(rule.action(), rule.name()),
                        settings.action(rule.action()).orElseThrow());
            }
        }
        return new Verdict(flags, new Decision(DecisionSettings.ALLOW, null),
                settings.action(DecisionSettings.ALLOW).orElseThrow());
    }

    /**
     * The flags of {@code results}, in result order: each class label and each ranked response whose score reaches
     * its threshold, and each entity group whose best entity does (one flag per group, with that entity's score).
     * Results that carry an error raise nothing.
     */
    public List<Flag> flags(List<ModelResult> results) {
        List<Flag> flags = new ArrayList<>();
        for (ModelResult result : results) {
            Thresholds thresholds = settings.thresholds().get(result.getModel());
            if (thresholds == null || result.getError() != null) {
                continue;
            }
            for (Label label : result.getLabels()) {
                flag(result, thresholds, label.getLabel(), label.getScore(), flags);
            }
            Map<String, Double> bestByGroup = new LinkedHashMap<>();
            for (NamedEntity entity : result.getEntities()) {
                bestByGroup.merge(entity.getGroup(), entity.getScore(), Math::max);
            }
            bestByGroup.forEach((group, score) -> flag(result, thresholds, group, score, flags));
            for (RankingHit hit : result.getHits()) {
                flag(result, thresholds, hit.getResponseId(), hit.getScore(), flags);
            }
        }
        return flags;
    }

    private static void flag(ModelResult result, Thresholds thresholds, String label, double score, List<Flag> out) {
        OptionalDouble threshold = thresholds.of(label);
        if (threshold.isPresent() && score >= threshold.getAsDouble()) {
            out.add(new Flag(label, score, threshold.getAsDouble(), result.getModel(), result.getModelVersion()));
        }
    }
}
