package io.nlpstream.topology.decision;

import io.nlpstream.models.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a pipeline turns scores into a decision: per-model {@link Thresholds} raise flags, the first of {@code rules}
 * (in order) that the flags satisfy decides its action, {@value #ALLOW} when none does, and {@code actions} declare
 * the actions rules may name and the topics their records are routed to.
 *
 * @param thresholds by model name
 */
public record DecisionSettings(Map<String, Thresholds> thresholds, List<DecisionRule> rules,
                               List<ActionSettings> actions) {
    /** The action of a record no rule matched. */
    public static final String ALLOW = "allow";
    /** No thresholds, no rules: every record is allowed and goes to the output only. */
    public static final DecisionSettings NONE = new DecisionSettings(Map.of(), List.of(), List.of());

    private static final ActionSettings DEFAULT_ALLOW = new ActionSettings(ALLOW, null, RouteMode.COPY);

    public DecisionSettings {
        thresholds = Map.copyOf(thresholds);
        rules = List.copyOf(rules);
        actions = List.copyOf(actions);
    }

    /** The declared action, or the implicit {@value #ALLOW}; empty for an undeclared name. */
    public Optional<ActionSettings> action(String name) {
        for (ActionSettings action : actions) {
            if (action.name().equals(name)) {
                return Optional.of(action);
            }
        }
        return ALLOW.equals(name) ? Optional.of(DEFAULT_ALLOW) : Optional.empty();
    }

    /** The topics actions route to, each once. */
    public Set<String> routeTopics() {
        Set<String> topics = new java.util.LinkedHashSet<>();
        actions.forEach(a -> a.routeTopic().ifPresent(topics::add));
        return topics;
    }

    /**
     * Every mistake in these settings, one sentence each, given the models the pipeline runs ({@code sources}, in
     * step order) and its output topic; empty when they are sound.
     */
    public List<String> problems(List<FlagSource> sources, String outputTopic) {
        Map<String, FlagSource> byModel = new LinkedHashMap<>();
        sources.forEach(s -> byModel.put(s.model(), s));
        List<String> problems = new ArrayList<>();
        new java.util.TreeMap<>(thresholds).forEach((model, t) -> thresholdProblems(model, t, byModel, problems));
        Set<String> names = new HashSet<>();
        for (ActionSettings action : actions) {
            actionProblems(action, names, outputTopic, problems);
        }
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ruleProblems(i, rules.get(i), ruleNames, byModel, problems);
        }
        return problems;
    }

    private static void thresholdProblems(String model, Thresholds t, Map<String, FlagSource> byModel,
                                          List<String> problems) {
        FlagSource source = byModel.get(model);
        if (source == null) {
            problems.add("Thresholds name model '" + model + "', which the pipeline does not run (it runs "
                    + String.join(", ", byModel.keySet()) + ").");
            return;
        }
        if (!source.canFlag()) {
            problems.add("Thresholds name model '" + model + "', a " + source.task().id() + " model; thresholds "
                    + "apply to classification, entity and ranking scores.");
            return;
        }
        if (t.defaultThreshold() == null && t.labels().isEmpty()) {
            problems.add("Thresholds of model '" + model + "' set neither a default nor a label.");
        }
        // Class and entity scores are probabilities; ranking scores are cosines.
        int low = source.task() == Task.FEATURE_EXTRACTION ? -1 : 0;
        if (t.defaultThreshold() != null && !(t.defaultThreshold() >= low && t.defaultThreshold() <= 1)) {
            problems.add("The default threshold of model '" + model + "' is " + t.defaultThreshold()
                    + " but must be between " + low + " and 1.");
        }
        for (Map.Entry<String, Double> label : new java.util.TreeMap<>(t.labels()).entrySet()) {
            if (!source.mayRaise(label.getKey())) {
                problems.add("Thresholds of model '" + model + "' name label '" + label.getKey() + "', which the "
                        + "model does not have (it has " + String.join(", ", new TreeSet<>(source.labels()
                        .orElseThrow())) + ").");
            } else if (!(label.getValue() >= low && label.getValue() <= 1)) {
                problems.add("The threshold of label '" + label.getKey() + "' of model '" + model + "' is "
                        + label.getValue() + " but must be between " + low + " and 1.");
            }
        }
    }

    private static void actionProblems(ActionSettings action, Set<String> names, String outputTopic,
                                       List<String> problems) {
        if (action.name() == null || action.name().isBlank()) {
            problems.add("An action has no name.");
            return;
        }
        if (!names.add(action.name())) {
            problems.add("Two actions are named '" + action.name() + "'.");
        }
        if (action.topic() == null && action.mode() == RouteMode.MOVE) {
            problems.add("Action '" + action.name() + "' moves its records but names no topic to move them to.");
        }
        if (outputTopic.equals(action.topic())) {
            problems.add("Action '" + action.name() + "' routes to the pipeline's output topic '" + outputTopic
                    + "'; route to another topic or name no topic.");
        }
    }

    private void ruleProblems(int index, DecisionRule rule, Set<String> names, Map<String, FlagSource> byModel,
                              List<String> problems) {
        if (rule.name() == null || rule.name().isBlank()) {
            problems.add("Rule " + (index + 1) + " has no name.");
            return;
        }
        String r = "Rule '" + rule.name() + "'";
        if (!names.add(rule.name())) {
            problems.add("Two rules are named '" + rule.name() + "'.");
        }
        if (rule.flags().isEmpty()) {
            problems.add(r + " names no flag under any or all.");
        }
        if (rule.action() == null || rule.action().isBlank()) {
            problems.add(r + " names no action.");
        } else if (action(rule.action()).isEmpty()) {
            List<String> declared = new ArrayList<>();
            declared.add(ALLOW);
            actions.forEach(a -> declared.add(a.name()));
            problems.add(r + " names action '" + rule.action() + "', which is not declared under actions (declared: "
                    + String.join(", ", declared) + ").");
        }
        if (rule.minScore() != null && !(rule.minScore() >= -1 && rule.minScore() <= 1)) {
            problems.add(r + " has min-score " + rule.minScore() + " but it must be between -1 and 1.");
        }
        if (rule.model() != null && !byModel.containsKey(rule.model())) {
            problems.add(r + " names model '" + rule.model() + "', which the pipeline does not run (it runs "
                    + String.join(", ", byModel.keySet()) + ").");
            return;
        }
        for (String label : rule.flags()) {
            flagProblem(r, label, rule.model(), byModel).ifPresent(problems::add);
        }
    }

    /** Why no model the rule listens to can raise {@code label}, if none can. */
    private Optional<String> flagProblem(String r, String label, String model, Map<String, FlagSource> byModel) {
        // A model whose labels are unknown (ranking) can raise a label only once it has thresholds.
        List<FlagSource> candidates = byModel.values().stream()
                .filter(s -> s.canFlag() && (model == null || s.model().equals(model))
                        && (s.labels().isPresent() || thresholds.containsKey(s.model()))).toList();
        if (candidates.stream().noneMatch(s -> s.mayRaise(label))) {
            Set<String> known = new TreeSet<>();
            candidates.forEach(s -> known.addAll(s.labels().orElse(Set.of())));
            return Optional.of(r + " names flag '" + label + "', which " + (model == null ? "no model of the pipeline"
                    : "model '" + model + "'") + " can raise (labels: " + String.join(", ", known) + ").");
        }
        boolean covered = candidates.stream().anyMatch(s -> s.mayRaise(label)
                && thresholds.containsKey(s.model()) && thresholds.get(s.model()).of(label).isPresent());
        if (!covered) {
            return Optional.of(r + " names flag '" + label + "', but no threshold " + (model == null ? ""
                    : "of model '" + model + "' ") + "covers that label, so it can never be raised.");
        }
        return Optional.empty();
    }
}
