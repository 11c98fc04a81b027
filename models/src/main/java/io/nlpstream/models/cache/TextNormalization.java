package io.nlpstream.models.cache;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an input is turned into a cache key. Results that point into a text (entity and answer offsets) are only ever
 * keyed by that text exactly; normalisation applies to the inputs whose results do not (a classified or embedded
 * text, a question).
 */
public enum TextNormalization {
    /** The text as given: only an identical text hits. */
    EXACT,
    /**
     * Lower-cased in the root locale, runs of whitespace collapsed to one space, ends stripped: for uncased models,
     * whose tokenizers already lower-case and split on whitespace, so the model would answer these texts alike.
     */
    CASE_FOLDED;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    public String apply(String text) {
        return switch (this) {
            case EXACT -> text;
            case CASE_FOLDED -> WHITESPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        };
    }
}
