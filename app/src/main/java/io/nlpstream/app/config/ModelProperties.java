package io.nlpstream.app.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * {@code models.definitions.<name>.*}: one model, by the name pipelines refer to it with. {@code path} is a model
 * directory in the HF Optimum layout or a built-in name; {@code cache-*} size its result cache; the other keys are
 * the task options of {@code infer}, and only those of the model's own task may be set.
 */
@EachProperty("models.definitions")
public class ModelProperties {
    private final String name;
    private String path;
    private Integer topK;
    private String functionToApply;
    private String aggregationStrategy;
    private Integer docStride;
    private Integer maxSeqLen;
    private Integer maxAnswerLen;
    private Integer maxQuestionLen;
    private Boolean handleImpossibleAnswer;
    private String pooling;
    private Boolean normalize;
    private Integer stride;
    private String longText;
    private String chunkAggregation;
    private Integer chunkStride;
    private Boolean wholeContext;
    private Boolean cacheEnabled;
    private Integer cacheMaxEntries;
    private Long cacheMaxBytes;
    private String cacheKeys;

    public ModelProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    private String key(String option) {
        return "models.definitions." + name + "." + option;
    }

    /**
     * A model directory in the HF Optimum layout (a relative path is resolved from the working directory), or a
     * built-in name ({@code demo-sentiment}, ...; the tools jar only).
     */
    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    /**
     * Text classification: absent, the best label only; {@code 0}, every label; N, the N best. Question answering:
     * answers per question (1).
     */
    public Integer getTopK() {
        return topK;
    }

    public void setTopK(Integer topK) {
        this.topK = topK;
    }

    /** Text classification: {@code softmax}, {@code sigmoid} or {@code none}; absent, what config.json implies. */
    public String getFunctionToApply() {
        return functionToApply;
    }

    public void setFunctionToApply(String functionToApply) {
        this.functionToApply = functionToApply;
    }

    /** Token classification: {@code none} (default), {@code simple}, {@code first}, {@code average} or {@code max}. */
    public String getAggregationStrategy() {
        return aggregationStrategy;
    }

    public void setAggregationStrategy(String aggregationStrategy) {
        this.aggregationStrategy = aggregationStrategy;
    }

    /** Question answering: tokens shared by consecutive windows of a long context (128). */
    public Integer getDocStride() {
        return docStride;
    }

    public void setDocStride(Integer docStride) {
        this.docStride = docStride;
    }

    /** Question answering: tokens per window (384); feature extraction: longest input (256). */
    public Integer getMaxSeqLen() {
        return maxSeqLen;
    }

    public void setMaxSeqLen(Integer maxSeqLen) {
        this.maxSeqLen = maxSeqLen;
    }

    /** Question answering: longest answer in tokens (15). */
    public Integer getMaxAnswerLen() {
        return maxAnswerLen;
    }

    public void setMaxAnswerLen(Integer maxAnswerLen) {
        this.maxAnswerLen = maxAnswerLen;
    }

    /** Question answering: longest question in tokens (64). */
    public Integer getMaxQuestionLen() {
        return maxQuestionLen;
    }

    public void setMaxQuestionLen(Integer maxQuestionLen) {
        this.maxQuestionLen = maxQuestionLen;
    }

    /** Question answering: allow the empty answer (false). */
    public Boolean getHandleImpossibleAnswer() {
        return handleImpossibleAnswer;
    }

    public void setHandleImpossibleAnswer(String handleImpossibleAnswer) {
        this.handleImpossibleAnswer = ConfigValues.bool(key("handle-impossible-answer"), handleImpossibleAnswer);
    }

    /** Feature extraction: {@code mean} (default) or {@code cls}. */
    public String getPooling() {
        return pooling;
    }

    public void setPooling(String pooling) {
        this.pooling = pooling;
    }

    /** Feature extraction: L2-normalise the embedding (true for cosine ranking). */
    public Boolean getNormalize() {
        return normalize;
    }

    public void setNormalize(String normalize) {
        this.normalize = ConfigValues.bool(key("normalize"), normalize);
    }

    /** Any task: answer through the model's result cache (true); false runs the model for every request. */
    public Boolean getCacheEnabled() {
        return cacheEnabled;
    }

    public void setCacheEnabled(String cacheEnabled) {
        this.cacheEnabled = ConfigValues.bool(key("cache-enabled"), cacheEnabled);
    }

    /** Any task: most results the result cache keeps (10000). */
    public Integer getCacheMaxEntries() {
        return cacheMaxEntries;
    }

    public void setCacheMaxEntries(Integer cacheMaxEntries) {
        this.cacheMaxEntries = cacheMaxEntries;
    }

    /** Any task: most estimated heap for the result cache's keys and results (32 MiB). */
    public Long getCacheMaxBytes() {
        return cacheMaxBytes;
    }

    public void setCacheMaxBytes(Long cacheMaxBytes) {
        this.cacheMaxBytes = cacheMaxBytes;
    }

    /** Any task: `exact` (default) or `case-folded` result cache keys (for uncased models). */
    public String getCacheKeys() {
        return cacheKeys;
    }

    public void setCacheKeys(String cacheKeys) {
        this.cacheKeys = cacheKeys;
    }

    /** Token classification: read the whole text in windows overlapping by this many tokens (absent: cut). */
    public Integer getStride() {
        return stride;
    }

    public void setStride(Integer stride) {
        this.stride = stride;
    }

    /** Question answering: search the whole context, not only its first max-seq-len tokens (false). */
    public Boolean getWholeContext() {
        return wholeContext;
    }

    public void setWholeContext(String wholeContext) {
        this.wholeContext = ConfigValues.bool(key("whole-context"), wholeContext);
    }

    /** Text classification: `truncate` (default) or `chunk` (whole text in windows; HTTP API and infer). */
    public String getLongText() {
        return longText;
    }

    public void setLongText(String longText) {
        this.longText = longText;
    }

    /** Text classification with long-text chunk: `max` (default) or `mean` over the windows. */
    public String getChunkAggregation() {
        return chunkAggregation;
    }

    public void setChunkAggregation(String chunkAggregation) {
        this.chunkAggregation = chunkAggregation;
    }

    /** Text classification with long-text chunk: tokens each window overlaps the previous one by (64). */
    public Integer getChunkStride() {
        return chunkStride;
    }

    public void setChunkStride(Integer chunkStride) {
        this.chunkStride = chunkStride;
    }
}
