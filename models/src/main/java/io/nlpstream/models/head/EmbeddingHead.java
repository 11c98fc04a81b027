package io.nlpstream.models.head;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.*;
import io.nlpstream.models.result.*;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.List;

/** TEMPORARY PLACEHOLDER (runtime branch) until the heads branch lands; deleted before merging main. */
public final class EmbeddingHead implements TaskHead<String, float[]> {
    private final TextTokenizer tok;
    private final int maxLength;

    public EmbeddingHead(TextTokenizer tok, EmbeddingOptions opts) {
        this.tok = tok;
        this.maxLength = opts == null ? 0 : 256;
    }

    @Override
    public List<Encoding> encode(String input) {
        return List.of(tok.encode(input, 256));
    }

    @Override
    public float[] decode(String input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        throw new UnsupportedOperationException("placeholder");
    }
}
