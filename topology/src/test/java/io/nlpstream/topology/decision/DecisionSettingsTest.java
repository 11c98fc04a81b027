package io.nlpstream.topology.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.models.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionSettingsTest {
    static final List<FlagSource> MODELS = List.of(
            FlagSource.of("tox", Task.TEXT_CLASSIFICATION, List.of("toxic", "insult")),
            FlagSource.of("ner", Task.TOKEN_CLASSIFICATION, List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC")),
            FlagSource.of("qa", Task.QUESTION_ANSWERING, List.of()),
            FlagSource.of("embed", Task.FEATURE_EXTRACTION, List.of()));
    static final List<ActionSettings> ACTIONS = List.of(new ActionSettings("block", "blocked", RouteMode.MOVE));

    static List<String> problems(Map<String, Thresholds> thresholds, List<DecisionRule> rules,
                                 List<ActionSettings> actions) {
        return new DecisionSettings(thresholds, rules, actions).problems(MODELS, "out");
    }

    static DecisionRule rule(String name, String model, String action, String... flags) {
        return new DecisionRule(name, model, RuleMatch.ANY, List.of(flags), null, action);
    }

    @Test
    void soundSettingsHaveNoProblem() {
        assertThat(problems(Map.of("tox", new Thresholds(0.5, Map.of("insult", 0.8)),
                        "ner", Thresholds.of(0.9), "embed", new Thresholds(null, Map.of("any-response-id", 0.7))),
                List.of(rule("severe", null, "block", "toxic", "PER"), rule("ok", "embed", "allow", "any-response-id")),
                ACTIONS)).isEmpty();
        assertThat(DecisionSettings.NONE.problems(MODELS, "out")).isEmpty();
    }

    @Test
    void eachMistakeIsOneSentence() {
        List<String> problems = problems(
                Map.of("nope", Thresholds.of(0.5), "qa", Thresholds.of(0.5),
                        "tox", new Thresholds(1.5, Map.of("toxik", 0.5))),
                List.of(rule("a", "ghost", "block", "toxic"), rule("b", null, "delete", "toxic"),
                        rule("c", null, "block"), rule("d", null, "block", "LOCATION"),
                        rule("e", "ner", "block", "PER")),
                List.of(new ActionSettings("block", "blocked", RouteMode.MOVE),
                        new ActionSettings("hide", null, RouteMode.MOVE),
                        new ActionSettings("copy", "out", RouteMode.COPY)));

        assertThat(problems).containsExactlyInAnyOrder(
                "Thresholds name model 'nope', which the pipeline does not run (it runs tox, ner, qa, embed).",
                "Thresholds name model 'qa', a question-answering model; thresholds apply to classification, entity "
                        + "and ranking scores.",
                "The default threshold of model 'tox' is 1.5 but must be between 0 and 1.",
                "Thresholds of model 'tox' name label 'toxik', which the model does not have (it has insult, toxic).",
                "Action 'hide' moves its records but names no topic to move them to.",
                "Action 'copy' routes to the pipeline's output topic 'out'; route to another topic or name no topic.",
                "Rule 'a' names model 'ghost', which the pipeline does not run (it runs tox, ner, qa, embed).",
                "Rule 'b' names action 'delete', which is not declared under actions (declared: allow, block, hide, "
                        + "copy).",
                "Rule 'c' names no flag under any or all.",
                "Rule 'd' names flag 'LOCATION', which no model of the pipeline can raise (labels: LOC, PER, insult, "
                        + "toxic).",
                "Rule 'e' names flag 'PER', but no threshold of model 'ner' covers that label, so it can never be "
                        + "raised.");
        assertThat(problems).allSatisfy(p -> assertThat(p).endsWith(".").doesNotContain(". "));
    }

    @Test
    void labelsOfRankingModelsAreNotKnownSoAnyResponseIdPasses() {
        assertThat(problems(Map.of("embed", new Thresholds(0.8, Map.of())),
                List.of(rule("faq", "embed", "allow", "whatever-id")), ACTIONS)).isEmpty();
    }

    @Test
    void duplicateAndUnnamedRulesAndActionsAreReported() {
        assertThat(problems(Map.of("tox", Thresholds.of(0.5)),
                List.of(rule("x", null, "block", "toxic"), rule("x", null, "block", "toxic"),
                        rule(" ", null, "block", "toxic")),
                List.of(new ActionSettings("block", "b", RouteMode.COPY),
                        new ActionSettings("block", "c", RouteMode.COPY))))
                .containsExactly("Two actions are named 'block'.", "Two rules are named 'x'.", "Rule 3 has no name.");
    }

    @Test
    void entityGroupsComeFromTheIobTagsLikeTheHeadGroupsThem() {
        assertThat(FlagSource.of("ner", Task.TOKEN_CLASSIFICATION, List.of("O", "B-PER", "I-PER", "MISC")).labels())
                .contains(java.util.Set.of("PER", "MISC"));
        assertThat(FlagSource.of("tox", Task.TEXT_CLASSIFICATION, List.of()).labels()).isEmpty();
    }
}
