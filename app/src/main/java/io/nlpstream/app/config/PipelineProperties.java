package io.nlpstream.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Introspected;

/** {@code pipelines[i].*}: one enrichment pipeline, from its input topics through its models to its output. */
@EachProperty(value = "pipelines", list = true)
public class PipelineProperties {
    private final int index;
    private String name;
    private List<InputProperties> inputs = new ArrayList<>();
    private String output;
    private String outputFormat = "AVRO";
    private String deadLetter;
    private List<String> models = new ArrayList<>();
    private TextLimitProperties textLimit = new TextLimitProperties();
    private BatchProperties batch = new BatchProperties();
    private String modelErrors = "DEAD_LETTER";

    public PipelineProperties(@Parameter Integer index) {
        this.index = index;
    }

    /** Position in the {@code pipelines} list, for error messages about unnamed pipelines. */
    public int getIndex() {
        return index;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<InputProperties> getInputs() {
        return inputs;
    }

    public void setInputs(List<InputProperties> inputs) {
        this.inputs = inputs;
    }

    public String getOutput() {
        return output;
    }

    public void setOutput(String output) {
        this.output = output;
    }

    public String getOutputFormat() {
        return outputFormat;
    }

    public void setOutputFormat(String outputFormat) {
        this.outputFormat = outputFormat;
    }

    public String getDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(String deadLetter) {
        this.deadLetter = deadLetter;
    }

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = models;
    }

    public TextLimitProperties getTextLimit() {
        return textLimit;
    }

    public void setTextLimit(TextLimitProperties textLimit) {
        this.textLimit = textLimit;
    }

    public BatchProperties getBatch() {
        return batch;
    }

    public void setBatch(BatchProperties batch) {
        this.batch = batch;
    }

    public String getModelErrors() {
        return modelErrors;
    }

    public void setModelErrors(String modelErrors) {
        this.modelErrors = modelErrors;
    }

    /** {@code inputs[j]}: one input topic and the format its values are in. */
    @Introspected
    public static class InputProperties {
        private String topic;
        private String format = "JSON";

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public String getFormat() {
            return format;
        }

        public void setFormat(String format) {
            this.format = format;
        }
    }

    /** {@code text-limit.*}: the longest text accepted, in code points, and what happens to longer ones. */
    @ConfigurationProperties("text-limit")
    public static class TextLimitProperties {
        private int maxCodePoints = 10_000;
        private String policy = "TRUNCATE";

        public int getMaxCodePoints() {
            return maxCodePoints;
        }

        public void setMaxCodePoints(int maxCodePoints) {
            this.maxCodePoints = maxCodePoints;
        }

        public String getPolicy() {
            return policy;
        }

        public void setPolicy(String policy) {
            this.policy = policy;
        }
    }

    /** {@code batch.*}: the pipeline's micro-batches (flush size, wall-clock deadline, model timeout). */
    @ConfigurationProperties("batch")
    public static class BatchProperties {
        private int size = 32;
        private Duration maxWait = Duration.ofMillis(50);
        private Duration timeout = Duration.ofSeconds(30);
        private int maxInFlight = 4;

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }
    }
}
