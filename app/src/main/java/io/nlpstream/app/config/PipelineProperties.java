package io.nlpstream.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Introspected;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.TextLimit;

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
    private LimitsProperties limits = new LimitsProperties();
    private BatchProperties batch = new BatchProperties();
    private String modelErrors = "DEAD_LETTER";
    private TextPairProperties textPair = new TextPairProperties();
    private String rerank;

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

    /** {@code text-pair.*}: which text-classification models classify a pair of event fields, and which fields. */
    public TextPairProperties getTextPair() {
        return textPair;
    }

    public void setTextPair(TextPairProperties textPair) {
        this.textPair = textPair;
    }

    /**
     * {@code rerank}: a cross-encoder (a text-classification model with one label) that reranks the pipeline's
     * ranking step's top-k hits as (text, response) pairs; unset for bi-encoder ranking only.
     */
    public String getRerank() {
        return rerank;
    }

    public void setRerank(String rerank) {
        this.rerank = rerank;
    }

    public TextLimitProperties getTextLimit() {
        return textLimit;
    }

    public void setTextLimit(TextLimitProperties textLimit) {
        this.textLimit = textLimit;
    }

    public LimitsProperties getLimits() {
        return limits;
    }

    public void setLimits(LimitsProperties limits) {
        this.limits = limits;
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

    /**
     * {@code text-pair.*}: the text-classification models of the pipeline that classify a text pair (as the
     * pipeline's {@code {"text", "text_pair"}} input) instead of the text alone, and the event fields forming it:
     * {@code text}, {@code question} or {@code metadata.KEY}.
     */
    @ConfigurationProperties("text-pair")
    public static class TextPairProperties {
        private List<String> models = new ArrayList<>();
        private String text = "text";
        private String textPair;

        public List<String> getModels() {
            return models;
        }

        public void setModels(List<String> models) {
            this.models = models;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }

        public String getTextPair() {
            return textPair;
        }

        public void setTextPair(String textPair) {
            this.textPair = textPair;
        }
    }

    /** {@code text-limit.*}: the longest text accepted, in code points, and what happens to longer ones. */
    @ConfigurationProperties("text-limit")
    public static class TextLimitProperties {
        private int maxCodePoints = TextLimit.DEFAULTS.maxCodePoints();
        private String policy = TextLimit.DEFAULTS.policy().name();

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

    /**
     * {@code limits.*}: how big an event the pipeline takes in (whole record, question, metadata); defaults from
     * {@link EventLimits#DEFAULTS}.
     */
    @ConfigurationProperties("limits")
    public static class LimitsProperties {
        private int maxEventBytes = EventLimits.DEFAULTS.maxEventBytes();
        private int maxQuestionCodePoints = EventLimits.DEFAULTS.maxQuestionCodePoints();
        private int maxMetadataBytes = EventLimits.DEFAULTS.maxMetadataBytes();

        public int getMaxEventBytes() {
            return maxEventBytes;
        }

        public void setMaxEventBytes(int maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
        }

        public int getMaxQuestionCodePoints() {
            return maxQuestionCodePoints;
        }

        public void setMaxQuestionCodePoints(int maxQuestionCodePoints) {
            this.maxQuestionCodePoints = maxQuestionCodePoints;
        }

        public int getMaxMetadataBytes() {
            return maxMetadataBytes;
        }

        public void setMaxMetadataBytes(int maxMetadataBytes) {
            this.maxMetadataBytes = maxMetadataBytes;
        }
    }

    /** {@code batch.*}: the pipeline's micro-batches (flush size, wall-clock deadline, model timeout). */
    @ConfigurationProperties("batch")
    public static class BatchProperties {
        private int size = BatchSettings.DEFAULTS.size();
        private Duration maxWait = BatchSettings.DEFAULTS.maxWait();
        private Duration timeout = BatchSettings.DEFAULTS.timeout();
        private int maxInFlight = BatchSettings.DEFAULTS.maxInFlight();

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
