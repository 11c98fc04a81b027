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
    private DecisionsProperties decisions = new DecisionsProperties();

    public PipelineProperties(@Parameter Integer index) {
        this.index = index;
    }

    /** Position in the {@code pipelines} list, for error messages about unnamed pipelines. */
    public int getIndex() {
        return index;
    }

    /** {@code [A-Za-z0-9._-]+}; names the pipeline's processors and buffer store. */
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

    /** The enriched events' topic. */
    public String getOutput() {
        return output;
    }

    public void setOutput(String output) {
        this.output = output;
    }

    /** {@code AVRO} ({@code EnrichedTextEvent}, registered in the registry) or {@code JSON}. */
    public String getOutputFormat() {
        return outputFormat;
    }

    public void setOutputFormat(String outputFormat) {
        this.outputFormat = outputFormat;
    }

    /**
     * Original bytes plus {@code dlq.*} headers (reason, stage, source topic/partition/offset); never an input or
     * output topic.
     */
    public String getDeadLetter() {
        return deadLetter;
    }

    public void setDeadLetter(String deadLetter) {
        this.deadLetter = deadLetter;
    }

    /**
     * Model names in order; the step follows the task: classify, recognise entities, answer (events with a {@code
     * question}), rank.
     */
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

    /** {@code DEAD_LETTER}, or {@code ANNOTATE}: emit the event with the failed model's {@code error} set. */
    public String getModelErrors() {
        return modelErrors;
    }

    public void setModelErrors(String modelErrors) {
        this.modelErrors = modelErrors;
    }

    public DecisionsProperties getDecisions() {
        return decisions;
    }

    public void setDecisions(DecisionsProperties decisions) {
        this.decisions = decisions;
    }

    /**
     * {@code decisions.*}: thresholds that turn scores into flags, rules (in order) that turn flags into an action,
     * and the actions with the topics they route to. None by default: every record is allowed, with no flags.
     */
    @ConfigurationProperties("decisions")
    public static class DecisionsProperties {
        private List<DecisionProperties.ThresholdProperties> thresholds = new ArrayList<>();
        private List<DecisionProperties.RuleProperties> rules = new ArrayList<>();
        private List<DecisionProperties.ActionProperties> actions = new ArrayList<>();

        public List<DecisionProperties.ThresholdProperties> getThresholds() {
            return thresholds;
        }

        public void setThresholds(List<DecisionProperties.ThresholdProperties> thresholds) {
            this.thresholds = thresholds;
        }

        public List<DecisionProperties.RuleProperties> getRules() {
            return rules;
        }

        public void setRules(List<DecisionProperties.RuleProperties> rules) {
            this.rules = rules;
        }

        public List<DecisionProperties.ActionProperties> getActions() {
            return actions;
        }

        public void setActions(List<DecisionProperties.ActionProperties> actions) {
            this.actions = actions;
        }
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

        /**
         * Text-classification models of the pipeline's {@code models} that classify the pair instead of the text
         * alone; events lacking either field, or with a blank one, get no result from them.
         */
        public List<String> getModels() {
            return models;
        }

        public void setModels(List<String> models) {
            this.models = models;
        }

        /** The pair's first text: {@code text}, {@code question} or {@code metadata.KEY}. */
        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }

        /** The pair's second text (required with {@code models}): {@code text}, {@code question} or {@code metadata.KEY}. */
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

        /** Longest accepted text. */
        public int getMaxCodePoints() {
            return maxCodePoints;
        }

        public void setMaxCodePoints(int maxCodePoints) {
            this.maxCodePoints = maxCodePoints;
        }

        /** {@code TRUNCATE}, or {@code REJECT} (dead letter {@code TEXT_TOO_LONG}). */
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

        /**
         * Largest input record (key, value and headers); larger ones are dead letters ({@code EVENT_TOO_LARGE}, a 16
         * KiB truncated copy plus {@code dlq.original.size}) before they are decoded, and so is an enriched event
         * that would serialize larger. The default fits Kafka's default 1 MiB limits; above it, the output and
         * dead-letter topics' {@code max.message.bytes} must take the value + 16384 (checked at start-up), and the
         * service raises the producer's {@code max.request.size} and its buffer changelog's {@code max.message.bytes}
         * itself.
         */
        public int getMaxEventBytes() {
            return maxEventBytes;
        }

        public void setMaxEventBytes(int maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
        }

        /**
         * Longer questions are cut to this before any model sees them (QA models keep only their first {@code
         * max-question-len} tokens, 64 by default).
         */
        public int getMaxQuestionCodePoints() {
            return maxQuestionCodePoints;
        }

        public void setMaxQuestionCodePoints(int maxQuestionCodePoints) {
            this.maxQuestionCodePoints = maxQuestionCodePoints;
        }

        /**
         * Most metadata (keys and values, UTF-8) an event may carry; more is a dead letter ({@code EVENT_TOO_LARGE}).
         */
        public int getMaxMetadataBytes() {
            return maxMetadataBytes;
        }

        public void setMaxMetadataBytes(int maxMetadataBytes) {
            this.maxMetadataBytes = maxMetadataBytes;
        }
    }

    /**
     * {@code batch.*}: the pipeline's micro-batches (flush size, wall-clock deadline, model timeout counted from the
     * call's start, queue timeout, batches in flight per task).
     */
    @ConfigurationProperties("batch")
    public static class BatchProperties {
        private int size = BatchSettings.DEFAULTS.size();
        private Duration maxWait = BatchSettings.DEFAULTS.maxWait();
        private Duration timeout = BatchSettings.DEFAULTS.timeout();
        private int maxInFlight = BatchSettings.DEFAULTS.maxInFlight();
        private Duration queueTimeout = BatchSettings.DEFAULTS.queueTimeout();

        /** Events per micro-batch. */
        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        /** Wall-clock deadline of a partial micro-batch. */
        public Duration getMaxWait() {
            return maxWait;
        }

        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        /**
         * Longest a model may run an event's request, counted from when the model started running it (time queued
         * behind other work does not count); a call still running then is a hung model call and its events are dead
         * letters ({@code MODEL_ERROR}).
         */
        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /**
         * Micro-batches per task running in the models while the stream thread reads the next events (pipelining); 1
         * = wait for each before submitting the next.
         */
        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        /** How long a batch may wait for the models to start it before it is handed back (not dead-lettered). */
        public Duration getQueueTimeout() {
            return queueTimeout;
        }

        public void setQueueTimeout(Duration queueTimeout) {
            this.queueTimeout = queueTimeout;
        }
    }
}
