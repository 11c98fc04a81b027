package io.nlpstream.models.tokenize;

/**
 * Conversions between Java's UTF-16 indices and the Unicode code point indices Python uses, so that offsets and
 * slices agree with the transformers pipelines for text outside the Basic Multilingual Plane (emoji).
 */
public final class CodePoints {
    private CodePoints() {
    }

    /** Python's {@code text[start:end]} with code point indices (clamped to the text like Python slicing). */
    public static String slice(String text, int start, int end) {
        int length = text.codePointCount(0, text.length());
        int from = Math.max(0, Math.min(start, length));
        int to = Math.max(from, Math.min(end, length));
        if (length == text.length()) {
            return text.substring(from, to);
        }
        int begin = text.offsetByCodePoints(0, from);
        return text.substring(begin, text.offsetByCodePoints(begin, to - from));
    }

    /** Python's {@code len(text)}. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
