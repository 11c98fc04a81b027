package io.nlpstream.models.options;

/** The transformers v4 question-answering pipeline's arguments, with its defaults. */
public record QaOptions(int topK, int docStride, int maxSeqLen, int maxQuestionLen, int maxAnswerLen,
                        boolean handleImpossibleAnswer) {
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
}
