package io.nlpstream.models.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** TEMPORARY PLACEHOLDER (runtime branch) until the heads branch lands; deleted before merging main. */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static TextTokenizer fromFile(Path tokenizerJson) {
        try {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("truncation", "false", "padding", "false")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    public Encoding encode(String text, int maxLength) {
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text);
        int n = Math.min(maxLength, e.getIds().length);
        long[] ids = Arrays.copyOf(e.getIds(), n);
        if (n < e.getIds().length) {
            ids[n - 1] = e.getIds()[e.getIds().length - 1];
        }
        return new Encoding(ids, Arrays.copyOf(e.getTypeIds(), n), Arrays.copyOf(e.getAttentionMask(), n),
                new int[n], new int[n], new int[n], new int[n], new boolean[n]);
    }

    public List<Encoding> encodePairWindows(String question, String context, int maxLength, int stride) {
        throw new UnsupportedOperationException("placeholder");
    }

    public int tokenCount(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
