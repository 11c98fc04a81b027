package io.nlpstream.models.options;

/**
 * The transformers v4 question-answering pipeline's arguments, with its defaults.
 *
 * @param wholeContext {@code false} (the default, for parity with the pipeline as this service calls it): only the
 *                     first {@code maxSeqLen} tokens of the context are searched; {@code true}: the whole context, in
 *                     windows of {@code maxSeqLen} tokens overlapping by {@code docStride}
 */
public record QaOptions(int topK, int docStride, int maxSeqLen, int maxQuestionLen, int maxAnswerLen,
                        boolean handleImpossibleAnswer, boolean wholeContext) {
    public static final QaOptions DEFAULTS = new QaOptions(1, 128, 384, 64, 15, false);

    public QaOptions {
        if (topK < 1) {
            throw new IllegalArgumentException("top_k must be >= 1, got " + topK);
        }
        if (maxAnswerLen < 1) {
            throw new IllegalArgumentException("max_answer_len must be >= 1, got " + maxAnswerLen);
        }
        if (docStride < 0 || maxSeqLen < 8) {
            throw new IllegalArgumentException("doc_stride must be >= 0 and max_seq_len >= 8");
        }
    }

    /** Options that search the first {@code maxSeqLen} tokens of the context. */
    public QaOptions(int topK, int docStride, int maxSeqLen, int maxQuestionLen, int maxAnswerLen,
                     boolean handleImpossibleAnswer) {
        this(topK, docStride, maxSeqLen, maxQuestionLen, maxAnswerLen, handleImpossibleAnswer, false);
    }

    /** These options searching the whole context ({@code true}) or its first {@code maxSeqLen} tokens. */
    public QaOptions withWholeContext(boolean whole) {
        return new QaOptions(topK, docStride, maxSeqLen, maxQuestionLen, maxAnswerLen, handleImpossibleAnswer, whole);
    }
}
