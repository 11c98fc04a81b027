package io.nlpstream.topology;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One enrichment pipeline: events read from {@code inputs}, validated, micro-batched through {@code steps} and
 * written to {@code outputTopic}; every event that cannot be enriched goes to {@code deadLetterTopic} with its
 * original key and value bytes.
 *
 * @param name a short id ({@code [A-Za-z0-9._-]+}) that prefixes every processor and store of the pipeline
 */
public record PipelineSettings(String name, List<InputSettings> inputs, String outputTopic, String deadLetterTopic,
                               List<ModelStep> steps, TextLimit textLimit, EventLimits limits,
                               BatchSettings batch, ModelErrorPolicy modelErrors) {
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
    }

    /** A pipeline with default text and event limits, batching and model-error policy. */
    public static PipelineSettings of(String name, List<String> inputTopics, String outputTopic,
                                      String deadLetterTopic, List<ModelStep> steps) {
        return new PipelineSettings(name, inputTopics.stream().map(InputSettings::new).toList(), outputTopic,
                deadLetterTopic, steps, TextLimit.DEFAULTS, EventLimits.DEFAULTS, BatchSettings.DEFAULTS,
                ModelErrorPolicy.DEAD_LETTER);
    }

    public PipelineSettings withTextLimit(TextLimit limit) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, limit, limits, batch,
                modelErrors);
    }

    public PipelineSettings withLimits(EventLimits eventLimits) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, eventLimits, batch,
                modelErrors);
    }

    public PipelineSettings withBatch(BatchSettings settings) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, limits, settings,
                modelErrors);
    }

    public PipelineSettings withModelErrors(ModelErrorPolicy policy) {
        return new PipelineSettings(name, inputs, outputTopic, deadLetterTopic, steps, textLimit, limits, batch,
                policy);
    }

    public List<String> inputTopics() {
        return inputs.stream().map(InputSettings::topic).toList();
    }
}
