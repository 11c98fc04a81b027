package io.nlpstream.models.testing;

import io.nlpstream.models.tokenize.TextTokenizer;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The bert-base-uncased tokenizer of the fixture models and the tokenizers of other encoder families (see
 * {@code tokenizers/README.md}), shared by tests (they are thread-safe).
 */
public final class FixtureTokenizers {
    private static final TextTokenizer BERT = TextTokenizer.fromFile(resource(
            "/golden/sentiment/tokenizer.json"));

    private static final TextTokenizer ROBERTA = TextTokenizer.fromFile(resource(
            "/tokenizers/bpe-roberta-style/tokenizer.json"));
    private static final TextTokenizer XLMR = TextTokenizer.fromFile(resource(
            "/tokenizers/unigram-xlmr-style/tokenizer.json"));
    private static final TextTokenizer XLMR_LEFT = TextTokenizer.fromFile(resource(
            "/tokenizers/unigram-xlmr-left/tokenizer.json"));
    private static final TextTokenizer WORD_LEVEL = TextTokenizer.fromFile(resource(
            "/tokenizers/wordlevel-left/tokenizer.json"));

    private FixtureTokenizers() {
    }

    public static TextTokenizer bert() {
        return BERT;
    }

    /** Byte-level BPE with RoBERTa's post-processor and decoder. */
    public static TextTokenizer roberta() {
        return ROBERTA;
    }

    /** SentencePiece Unigram in XLM-R's layout (Metaspace, NFKC, {@code <s> A </s></s> B </s>}). */
    public static TextTokenizer xlmr() {
        return XLMR;
    }

    /** {@link #xlmr()} padding on the left, so the question-answering pipeline puts the context first. */
    public static TextTokenizer xlmrPaddingLeft() {
        return XLMR_LEFT;
    }

    /** A WordLevel tokenizer with no post-processor and no decoder, left padding declared in tokenizer.json. */
    public static TextTokenizer wordLevel() {
        return WORD_LEVEL;
    }

    /** The directory holding a family's {@code tokenizer.json} and {@code tokenizer_config.json}. */
    public static Path directory(String family) {
        return resource("/tokenizers/" + family + "/tokenizer.json").getParent();
    }

    static Path resource(String name) {
        URL url = FixtureTokenizers.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
