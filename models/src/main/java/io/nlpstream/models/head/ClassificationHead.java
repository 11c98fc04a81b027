package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.*;
import io.nlpstream.models.result.*;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.List;

/** TEMPORARY PLACEHOLDER (runtime branch) until the heads branch lands; deleted before merging main. */
public final class ClassificationHead implements TaskHead<String, List<LabelScore>> {
    private final TextTokenizer tok;
    private final int maxLength;

    public ClassificationHead(TextTokenizer tok, int maxLength, List<String> labels, boolean multiLabel, ClassificationOptions opts) {
        this.tok = tok;
        this.maxLength = maxLength;
    }

    @Override
    public List<Encoding> encode(String input) {
        return List.of(tok.encode(input, maxLength));
    }

    @Override
    public List<LabelScore> decode(String input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        throw new UnsupportedOperationException("placeholder");
    }
}
