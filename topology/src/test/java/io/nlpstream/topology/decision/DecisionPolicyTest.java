package io.nlpstream.topology.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.schemas.avro.Decision;
import io.nlpstream.schemas.avro.Flag;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.RankingHit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionPolicyTest {
    static ModelResult labels(String model, Object... labelScores) {
        List<Label> labels = new java.util.ArrayList<>();
        for (int i = 0; i < labelScores.length; i += 2) {
            labels.add(new Label((String) labelScores[i], (Double) labelScores[i + 1]));
        }
        return new ModelResult(model, model + "-v1", "text-classification", labels, List.of(), List.of(), List.of(),
                null);
    }

    static ModelResult entities(String model, NamedEntity... entities) {
        return new ModelResult(model, model + "-v1", "token-classification", List.of(), List.of(entities), List.of(),
                List.of(), null);
    }

    static NamedEntity entity(String group, double score) {
        return new NamedEntity(group, "w", 0, 1, score);
    }

    static DecisionRule any(String name, String action, String... flags) {
        return new DecisionRule(name, null, RuleMatch.ANY, List.of(flags), null, action);
    }

    static DecisionRule all(String name, String action, String... flags) {
        return new DecisionRule(name, null, RuleMatch.ALL, List.of(flags), null, action);
    }

    static final List<ActionSettings> ACTIONS = List.of(new ActionSettings("block", "blocked", RouteMode.MOVE),
            new ActionSettings("review", "review", RouteMode.COPY), new ActionSettings("hide", null, RouteMode.COPY));

    static DecisionPolicy policy(Map<String, Thresholds> thresholds, DecisionRule... rules) {
        return new DecisionPolicy(new DecisionSettings(thresholds, List.of(rules), ACTIONS));
    }

    @Test
    void aScoreAtOrAboveItsLabelsThresholdRaisesAFlagWithModelAndVersion() {
        DecisionPolicy policy = policy(Map.of("tox", new Thresholds(0.5, Map.of("insult", 0.8))));

        List<Flag> flags = policy.flags(List.of(labels("tox", "toxic", 0.5, "insult", 0.79, "threat", 0.49)));

        assertThat(flags).containsExactly(new Flag("toxic", 0.5, 0.5, "tox", "tox-v1"));
    }

    @Test
    void aPerLabelOverrideCanBeLowerThanTheDefault() {
        DecisionPolicy policy = policy(Map.of("tox", new Thresholds(0.9, Map.of("threat", 0.3))));

        assertThat(policy.flags(List.of(labels("tox", "toxic", 0.5, "threat", 0.4))))
                .containsExactly(new Flag("threat", 0.4, 0.3, "tox", "tox-v1"));
    }

    @Test
    void withoutADefaultOnlyListedLabelsAreFlagged() {
        DecisionPolicy policy = policy(Map.of("tox", new Thresholds(null, Map.of("threat", 0.3))));

        assertThat(policy.flags(List.of(labels("tox", "toxic", 0.99, "threat", 0.4))))
                .extracting(Flag::getLabel).containsExactly("threat");
    }

    @Test
    void modelsWithoutThresholdsAndFailedResultsRaiseNothing() {
        DecisionPolicy policy = policy(Map.of("tox", Thresholds.of(0.1)));
        ModelResult failed = new ModelResult("tox", "tox-v1", "text-classification", List.of(), List.of(), List.of(),
                List.of(), "model 'tox' failed");

        assertThat(policy.flags(List.of(labels("sentiment", "NEGATIVE", 0.99), failed))).isEmpty();
    }

    @Test
    void anEntityGroupIsFlaggedOnceWithItsBestScore() {
        DecisionPolicy policy = policy(Map.of("ner", new Thresholds(0.7, Map.of())));

        List<Flag> flags = policy.flags(List.of(entities("ner", entity("PER", 0.75), entity("PER", 0.95),
                entity("LOC", 0.6))));

        assertThat(flags).containsExactly(new Flag("PER", 0.95, 0.7, "ner", "ner-v1"));
    }

    @Test
    void aRankedResponseIsFlaggedByItsId() {
        DecisionPolicy policy = policy(Map.of("embed", new Thresholds(null, Map.of("refund-policy", 0.8))));
        ModelResult ranking = new ModelResult("embed", "e1", "ranking", List.of(), List.of(), List.of(),
                List.of(new RankingHit("refund-policy", "We refund...", 0.83, null), new RankingHit("other", "...", 0.99, null)),
                null);

        assertThat(policy.flags(List.of(ranking))).containsExactly(new Flag("refund-policy", 0.83, 0.8, "embed", "e1"));
    }

    @Test
    void noMatchingRuleIsTheDefaultAllowWithoutARule() {
        DecisionPolicy policy = policy(Map.of("tox", Thresholds.of(0.5)), any("toxic", "block", "toxic"));

        DecisionPolicy.Verdict verdict = policy.evaluate(List.of(labels("tox", "toxic", 0.2)));

        assertThat(verdict.decision()).isEqualTo(new Decision("allow", null));
        assertThat(verdict.flags()).isEmpty();
        assertThat(verdict.action().keepsOutput()).isTrue();
        assertThat(verdict.action().routeTopic()).isEmpty();
    }

    @Test
    void theFirstMatchingRuleDecidesSoOrderMatters() {
        ModelResult result = labels("tox", "toxic", 0.95, "insult", 0.6);
        Map<String, Thresholds> thresholds = Map.of("tox", Thresholds.of(0.5));

        Decision blockFirst = policy(thresholds, any("severe", "block", "toxic"), any("rude", "review", "insult"))
                .evaluate(List.of(result)).decision();
        Decision reviewFirst = policy(thresholds, any("rude", "review", "insult"), any("severe", "block", "toxic"))
                .evaluate(List.of(result)).decision();

        assertThat(blockFirst).isEqualTo(new Decision("block", "severe"));
        assertThat(reviewFirst).isEqualTo(new Decision("review", "rude"));
    }

    @Test
    void allNeedsEveryFlagAndAnyNeedsOne() {
        Map<String, Thresholds> thresholds = Map.of("tox", Thresholds.of(0.5));
        DecisionPolicy policy = policy(thresholds, all("both", "block", "toxic", "threat"),
                any("either", "review", "toxic", "threat"));

        assertThat(policy.evaluate(List.of(labels("tox", "toxic", 0.9, "threat", 0.1))).decision())
                .isEqualTo(new Decision("review", "either"));
        assertThat(policy.evaluate(List.of(labels("tox", "toxic", 0.9, "threat", 0.6))).decision())
                .isEqualTo(new Decision("block", "both"));
    }

    @Test
    void minScoreCountsOnlyFlagsScoringAtLeastIt() {
        DecisionPolicy policy = policy(Map.of("tox", Thresholds.of(0.5)),
                new DecisionRule("severe", null, RuleMatch.ANY, List.of("toxic"), 0.9, "block"),
                any("mild", "review", "toxic"));

        assertThat(policy.evaluate(List.of(labels("tox", "toxic", 0.89))).decision())
                .isEqualTo(new Decision("review", "mild"));
        assertThat(policy.evaluate(List.of(labels("tox", "toxic", 0.9))).decision())
                .isEqualTo(new Decision("block", "severe"));
    }

    @Test
    void aRuleWithAModelCountsOnlyThatModelsFlags() {
        Map<String, Thresholds> thresholds = Map.of("a", Thresholds.of(0.5), "b", Thresholds.of(0.5));
        DecisionPolicy policy = policy(thresholds,
                new DecisionRule("from-b", "b", RuleMatch.ANY, List.of("toxic"), null, "block"));

        assertThat(policy.evaluate(List.of(labels("a", "toxic", 0.99))).decision().getAction()).isEqualTo("allow");
        assertThat(policy.evaluate(List.of(labels("a", "toxic", 0.99), labels("b", "toxic", 0.6))).decision())
                .isEqualTo(new Decision("block", "from-b"));
    }

    @Test
    void theVerdictCarriesTheActionsRoute() {
        DecisionPolicy policy = policy(Map.of("tox", Thresholds.of(0.5)), any("severe", "block", "toxic"),
                any("rude", "review", "insult"), any("odd", "hide", "odd"));

        ActionSettings block = policy.evaluate(List.of(labels("tox", "toxic", 0.9))).action();
        ActionSettings review = policy.evaluate(List.of(labels("tox", "insult", 0.9))).action();
        ActionSettings hide = policy.evaluate(List.of(labels("tox", "odd", 0.9))).action();

        assertThat(block.routeTopic()).contains("blocked");
        assertThat(block.keepsOutput()).isFalse();
        assertThat(review.routeTopic()).contains("review");
        assertThat(review.keepsOutput()).isTrue();
        assertThat(hide.routeTopic()).isEmpty();
        assertThat(hide.keepsOutput()).isTrue();
    }
}
