package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.*;
import io.nlpstream.models.result.*;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.List;

/** TEMPORARY PLACEHOLDER (runtime branch) until the heads branch lands; deleted before merging main. */
public final class QuestionAnsweringHead implements TaskHead<QaInput, List<Answer>> {
    private final TextTokenizer tok;
    private final int maxLength;

    public QuestionAnsweringHead(TextTokenizer tok, QaOptions opts) {
        this.tok = tok;
        this.maxLength = 0;
    }

    @Override
    public List<Encoding> encode(QaInput input) {
        return tok.encodePairWindows(input.question(), input.context(), 384, 128);
    }

    @Override
    public List<Answer> decode(QaInput input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        throw new UnsupportedOperationException("placeholder");
    }
}
