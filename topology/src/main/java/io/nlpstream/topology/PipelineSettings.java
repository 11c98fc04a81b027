package io.nlpstream.topology;

import io.nlpstream.topology.decision.DecisionSettings;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One enrichment pipeline: events read from {@code inputs}, validated, micro-batched through {@code steps} and
 * written to {@code outputTopic}; every event that cannot be enriched goes to {@code deadLetterTopic} with its
 * original key and value bytes. {@code decisions} turn each enriched event's scores into flags and a decision, and
 * route it by the decision's action.
 *
 * @param name a short id ({@code [A-Za-z0-9._-]+}) that prefixes every processor and store of the pipeline
 */
public record PipelineSettings(String name, List<InputSettings> inputs, String outputTopic, String deadLetterTopic,
                               List<ModelStep> steps, TextLimit textLimit, EventLimits limits,
                               BatchSettings batch, ModelErrorPolicy modelErrors, DecisionSettings decisions) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public PipelineSettings {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidTopologySettingsException("pipeline name '" + name + "' must match " + NAME);
        }
        inputs = List.copyOf(inputs);
        steps = List.copyOf(steps);
        Objects.requireNonNull(textLimit, "textLimit");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(modelErrors, "modelErrors");
        Objects.requireNonNull(decisions, "decisions");
        if (inputs.isEmpty()) {
            throw new InvalidTopologySettingsException("pipeline '" + name + "' has no input topic");
        }
        if (steps.isEmpty()) {
            throw new InvalidTopologySettingsException("pipeline '" + name + "' runs no model");
        }
        if (outputTopic == null || outputTopic.isBlank() || deadLetterTopic == null || deadLetterTopic.isBlank()) {
            throw new InvalidTopologySettingsException("pipeline '" + name + "' needs an output and a dead-letter topic");
        }
        if (outputTopic.equals(deadLetterTopic)) {
            throw new InvalidTopologySettingsException("pipeline '" + name + "' writes output and dead letters to one topic");
        }
        for (String route : decisions.routeTopics()) {
            if (route.equals(deadLetterTopic) || route.equals(outputTopic) || inputs.stream()
                    .anyMatch(in -> in.topic().equals(route))) {
                throw new InvalidTopologySettingsException("pipeline '" + name + "' routes decisions to '" + route
                        + "', which is also its output, dead-letter or an input topic");
            }
        }
    }

    /** A pipeline with default text and event limits, batching and model-error policy, and no decisions. */
    public static PipelineSettings of(String name, List<String> inputTopics, String outputTopic,
                                      String deadLetterTopic, List<ModelStep> steps) {
        return new PipelineSettings(name, inputTopics.stream().map(InputSettings::new).toList(), outputTopic,
                deadLetterTopic, steps, TextLimit.DEFAULTS, EventLimits.DEFAULTS, BatchSettings.DEFAULTS,
                ModelErrorPolicy.DEAD_LETTER, DecisionSettings.NONE);
    }

    public PipelineSettings withTextLimit(TextLimit limit) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, limit, limits, batch,
                modelErrors, decisions);
    }

    public PipelineSettings withLimits(EventLimits eventLimits) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, eventLimits, batch,
                modelErrors, decisions);
    }

    public PipelineSettings withBatch(BatchSettings settings) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, limits, settings,
                modelErrors, decisions);
    }

    public PipelineSettings withModelErrors(ModelErrorPolicy policy) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, limits, batch,
                policy, decisions);
    }

    public PipelineSettings withDecisions(DecisionSettings settings) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, limits, batch,
                modelErrors, settings);
    }

    public List<String> inputTopics() {
        return inputs.stream().map(InputSettings::topic).toList();
    }
}
