package io.nlpstream.models.testing;

import io.nlpstream.models.tokenize.TextTokenizer;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The bert-base-uncased tokenizer of the fixture models, shared by tests (it is thread-safe). */
public final class FixtureTokenizers {
    private static final TextTokenizer BERT = TextTokenizer.fromFile(resource(
            "/golden/sentiment/tokenizer.json"));

    private FixtureTokenizers() {
    }

    public static TextTokenizer bert() {
        return BERT;
    }

    private static Path resource(String name) {
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
