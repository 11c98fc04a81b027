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

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Integer getTopK() {
        return topK;
    }

    public void setTopK(Integer topK) {
        this.topK = topK;
    }

    public String getFunctionToApply() {
        return functionToApply;
    }

    public void setFunctionToApply(String functionToApply) {
        this.functionToApply = functionToApply;
    }

    public String getAggregationStrategy() {
        return aggregationStrategy;
    }

    public void setAggregationStrategy(String aggregationStrategy) {
        this.aggregationStrategy = aggregationStrategy;
    }

    public Integer getDocStride() {
        return docStride;
    }

    public void setDocStride(Integer docStride) {
        this.docStride = docStride;
    }

    public Integer getMaxSeqLen() {
        return maxSeqLen;
    }

    public void setMaxSeqLen(Integer maxSeqLen) {
        this.maxSeqLen = maxSeqLen;
    }

    public Integer getMaxAnswerLen() {
        return maxAnswerLen;
    }

    public void setMaxAnswerLen(Integer maxAnswerLen) {
        this.maxAnswerLen = maxAnswerLen;
    }

    public Integer getMaxQuestionLen() {
        return maxQuestionLen;
    }

    public void setMaxQuestionLen(Integer maxQuestionLen) {
        this.maxQuestionLen = maxQuestionLen;
    }

    public Boolean getHandleImpossibleAnswer() {
        return handleImpossibleAnswer;
    }

    public void setHandleImpossibleAnswer(String handleImpossibleAnswer) {
        this.handleImpossibleAnswer = ConfigValues.bool(key("handle-impossible-answer"), handleImpossibleAnswer);
    }

    public String getPooling() {
        return pooling;
    }

    public void setPooling(String pooling) {
        this.pooling = pooling;
    }

    public Boolean getNormalize() {
        return normalize;
    }

    public void setNormalize(String normalize) {
        this.normalize = ConfigValues.bool(key("normalize"), normalize);
    }

    public Boolean getCacheEnabled() {
        return cacheEnabled;
    }

    public void setCacheEnabled(String cacheEnabled) {
        this.cacheEnabled = ConfigValues.bool(key("cache-enabled"), cacheEnabled);
    }

    public Integer getCacheMaxEntries() {
        return cacheMaxEntries;
    }

    public void setCacheMaxEntries(Integer cacheMaxEntries) {
        this.cacheMaxEntries = cacheMaxEntries;
    }

    public Long getCacheMaxBytes() {
        return cacheMaxBytes;
    }

    public void setCacheMaxBytes(Long cacheMaxBytes) {
        this.cacheMaxBytes = cacheMaxBytes;
    }

    public String getCacheKeys() {
        return cacheKeys;
    }

    public void setCacheKeys(String cacheKeys) {
        this.cacheKeys = cacheKeys;
    }

    public Integer getStride() {
        return stride;
    }

    public void setStride(Integer stride) {
        this.stride = stride;
    }

    public Boolean getWholeContext() {
        return wholeContext;
    }

    public void setWholeContext(String wholeContext) {
        this.wholeContext = ConfigValues.bool(key("whole-context"), wholeContext);
    }

    public String getLongText() {
        return longText;
    }

    public void setLongText(String longText) {
        this.longText = longText;
    }

    public String getChunkAggregation() {
        return chunkAggregation;
    }

    public void setChunkAggregation(String chunkAggregation) {
        this.chunkAggregation = chunkAggregation;
    }

    public Integer getChunkStride() {
        return chunkStride;
    }

    public void setChunkStride(Integer chunkStride) {
        this.chunkStride = chunkStride;
    }
}
