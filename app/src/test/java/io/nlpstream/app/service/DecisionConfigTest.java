package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.decision.ActionSettings;
import io.nlpstream.topology.decision.DecisionRule;
import io.nlpstream.topology.decision.DecisionSettings;
import io.nlpstream.topology.decision.RouteMode;
import io.nlpstream.topology.decision.RuleMatch;
import io.nlpstream.topology.decision.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipelines[].decisions} as an operator writes it in YAML, bound by Micronaut and read by the planner against
 * the loaded models (the moderation fixture: toxic, insult, threat, spam; the NER fixture's groups PER, ORG, LOC,
 * MISC).
 */
class DecisionConfigTest {
    @TempDir
    Path dir;

    static String config(String decisions) {
        return "models.definitions.moderation.path: " + FixtureModels.path(FixtureModels.MODERATION) + "\n"
                + "models.definitions.ner.path: " + FixtureModels.path(FixtureModels.NER) + "\n" + """
                pipelines:
                  - name: moderation
                    inputs: [{topic: comments}]
                    output: comments.enriched
                    output-format: JSON
                    dead-letter: comments.dlq
                    models: [moderation, ner]
                """ + decisions.indent(4);
    }

    PipelineSettings plan(String decisions) throws Exception {
        Path file = Files.writeString(dir.resolve("decisions.yml"), config(decisions));
        try (ApplicationContext context = ApplicationContext.builder()
                .propertySources(ConfigFiles.load(List.of(file)).toArray(PropertySource[]::new))
                .properties(Map.of("kafka.state-dir", dir.resolve("state").toString()))
                .start()) {
            return context.getBean(StreamsRunner.class).plan().settings().pipelines().get(0);
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof InvalidConfigurationException)) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void theYamlBecomesThresholdsRulesAndRoutes() throws Exception {
        PipelineSettings pipeline = plan("""
                decisions:
                  thresholds:
                    - {model: moderation, threshold: 0.5, labels: {threat: 0.3, Spam-Like: 0.9}}
                    - {model: ner, labels: {PER: 0.8}}
                  rules:
                    - {name: severe, any: [toxic, threat], min-score: 0.9, action: block}
                    - {name: named-insult, all: [insult, PER], action: review}
                    - {name: spam, model: moderation, any: [spam], action: review}
                  actions:
                    - {name: block, topic: comments.blocked, mode: move}
                    - {name: review, topic: comments.review}
                """.replace("Spam-Like", "spam"));

        DecisionSettings decisions = pipeline.decisions();
        assertThat(decisions.thresholds()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "moderation", new Thresholds(0.5, Map.of("threat", 0.3, "spam", 0.9)),
                "ner", new Thresholds(null, Map.of("PER", 0.8))));
        assertThat(decisions.rules()).containsExactly(
                new DecisionRule("severe", null, RuleMatch.ANY, List.of("toxic", "threat"), 0.9, "block"),
                new DecisionRule("named-insult", null, RuleMatch.ALL, List.of("insult", "PER"), null, "review"),
                new DecisionRule("spam", "moderation", RuleMatch.ANY, List.of("spam"), null, "review"));
        assertThat(decisions.actions()).containsExactly(
                new ActionSettings("block", "comments.blocked", RouteMode.MOVE),
                new ActionSettings("review", "comments.review", RouteMode.COPY));
    }

    @Test
    void withoutDecisionsEveryRecordIsAllowed() throws Exception {
        assertThat(plan("").decisions()).isEqualTo(DecisionSettings.NONE);
    }

    @Test
    void mistakesAreReportedTogetherOneSentenceEach() {
        assertThatThrownBy(() -> plan("""
                decisions:
                  thresholds:
                    - {model: moderaton, threshold: 0.5}
                    - {model: ner, labels: {PERSON: 0.8}}
                  rules:
                    - {name: severe, any: [toxic], action: blok}
                    - {name: empty, action: block}
                  actions:
                    - {name: block, topic: comments.blocked}
                """)).satisfies(e -> assertThat(rootCause(e)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("pipelines[0].decisions is invalid: "
                        + "Thresholds name model 'moderaton', which the pipeline does not run (it runs moderation, "
                        + "ner). "
                        + "Thresholds of model 'ner' name label 'PERSON', which the model does not have (it has LOC, "
                        + "MISC, ORG, PER). "
                        + "Rule 'severe' names action 'blok', which is not declared under actions (declared: allow, "
                        + "block). "
                        + "Rule 'severe' names flag 'toxic', but no threshold covers that label, so it can never be "
                        + "raised. "
                        + "Rule 'empty' names no flag under any or all."));
    }

    @Test
    void aBadModeOrTopicNamesItsKey() {
        assertThatThrownBy(() -> plan("""
                decisions:
                  actions:
                    - {name: block, topic: 'no spaces', mode: mov}
                """)).satisfies(e -> assertThat(rootCause(e)).hasMessageStartingWith(
                "pipelines[0].decisions is invalid: pipelines[0].decisions.actions[0].topic is 'no spaces', which is "
                        + "not a legal Kafka topic name"));
    }

    @Test
    void aRouteTopicThatIsAnEventTopicIsRefused() {
        assertThatThrownBy(() -> plan("""
                decisions:
                  actions:
                    - {name: block, topic: comments}
                """)).satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("route"));
    }
}
