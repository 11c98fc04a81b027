package io.nlpstream.models.tokenize;

/**
 * One tokenized sequence, unpadded. Offsets are Unicode code point offsets into the text the token came from
 * ({@code sequenceIds} says which text of a pair), {@code (0, 0)} for special tokens, as HF fast tokenizers report
 * them in Python.
 *
 * @param wordIds     the word each token belongs to, -1 for special tokens
 * @param sequenceIds 0 for the first text, 1 for the second of a pair, -1 for special tokens
 * @param special     whether each token is a special token ([CLS], [SEP], ...)
 */
public record Encoding(long[] ids, long[] typeIds, long[] attentionMask, int[] wordIds, int[] sequenceIds,
                       int[] starts, int[] ends, boolean[] special) {

    public int length() {
        return ids.length;
    }
}
