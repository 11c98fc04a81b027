package io.nlpstream.app.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.DecisionProperties;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.PipelineProperties;
import io.nlpstream.topology.decision.ActionSettings;
import io.nlpstream.topology.decision.DecisionRule;
import io.nlpstream.topology.decision.DecisionSettings;
import io.nlpstream.topology.decision.FlagSource;
import io.nlpstream.topology.decision.RouteMode;
import io.nlpstream.topology.decision.RuleMatch;
import io.nlpstream.topology.decision.Thresholds;

/**
 * Reads {@code pipelines[i].decisions} into the topology's {@link DecisionSettings} and checks them against the
 * models the pipeline runs; every mistake is one sentence, and all of them are reported together.
 */
final class DecisionSettingsReader {
    private DecisionSettingsReader() {
    }

    /**
     * @param key    the pipeline's configuration key, {@code pipelines[i]}
     * @param models the pipeline's models, in step order
     */
    static DecisionSettings read(String key, PipelineProperties.DecisionsProperties p, List<CatalogEntry> models,
                                 String outputTopic) {
        String at = key + ".decisions";
        List<String> problems = new ArrayList<>();
        Map<String, Thresholds> thresholds = new LinkedHashMap<>();
        for (int j = 0; j < p.getThresholds().size(); j++) {
            DecisionProperties.ThresholdProperties t = p.getThresholds().get(j);
            if (t.getModel() == null || t.getModel().isBlank()) {
                problems.add(at + ".thresholds[" + j + "].model must name one of the pipeline's models.");
                continue;
            }
            if (thresholds.containsKey(t.getModel())) {
                problems.add(at + ".thresholds lists model '" + t.getModel() + "' twice.");
                continue;
            }
            thresholds.put(t.getModel(), new Thresholds(t.getThreshold(), t.getLabels()));
        }
        List<DecisionRule> rules = new ArrayList<>();
        for (int j = 0; j < p.getRules().size(); j++) {
            DecisionProperties.RuleProperties r = p.getRules().get(j);
            boolean any = !r.getAny().isEmpty();
            boolean all = !r.getAll().isEmpty();
            if (any && all) {
                problems.add(at + ".rules[" + j + "] lists flags under both any and all; a rule uses one of them.");
                continue;
            }
            rules.add(new DecisionRule(r.getName(), r.getModel(), all ? RuleMatch.ALL : RuleMatch.ANY,
                    all ? r.getAll() : r.getAny(), r.getMinScore(), r.getAction()));
        }
        List<ActionSettings> actions = new ArrayList<>();
        for (int j = 0; j < p.getActions().size(); j++) {
            DecisionProperties.ActionProperties a = p.getActions().get(j);
            String actionKey = at + ".actions[" + j + "]";
            try {
                String topic = a.getTopic() == null || a.getTopic().isBlank() ? null
                        : ConfigValues.topic(actionKey + ".topic", a.getTopic());
                actions.add(new ActionSettings(a.getName(), topic,
                        ConfigValues.enumValue(actionKey + ".mode", a.getMode(), RouteMode.class)));
            } catch (InvalidConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        DecisionSettings settings = new DecisionSettings(thresholds, rules, actions);
        if (problems.isEmpty()) {
            problems.addAll(settings.problems(models.stream().map(DecisionSettingsReader::flagSource).toList(),
                    outputTopic));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(at + " is invalid: " + String.join(" ", problems));
        }
        return settings;
    }

    private static FlagSource flagSource(CatalogEntry entry) {
        return FlagSource.of(entry.name(), entry.task(), entry.model().info().labels());
    }
}
