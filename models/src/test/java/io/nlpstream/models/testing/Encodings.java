package io.nlpstream.models.testing;

import io.nlpstream.models.tokenize.Encoding;

import java.util.Arrays;

/** Hand-made encodings for tests that need no tokenizer. */
public final class Encodings {

    private Encodings() {
    }

    /** A sequence of {@code length} tokens, all with id {@code tag}. */
    public static Encoding filled(long tag, int length) {
        long[] ids = new long[length];
        Arrays.fill(ids, tag);
        return of(ids);
    }

    /** A sequence with these ids, type ids 0 and every token attended. */
    public static Encoding of(long... ids) {
        int n = ids.length;
        long[] mask = new long[n];
        Arrays.fill(mask, 1L);
        int[] none = new int[n];
        Arrays.fill(none, -1);
        return new Encoding(ids.clone(), new long[n], mask, none.clone(), none.clone(), new int[n], new int[n],
                new boolean[n]);
    }

    /** {@code [CLS] words... [SEP]} with ids drawn deterministically from the BERT vocabulary's word range. */
    public static Encoding bertLike(int seed, int words) {
        long[] ids = new long[words + 2];
        ids[0] = 101;
        for (int i = 1; i <= words; i++) {
            ids[i] = 1996 + ((seed * 7919L + i * 104729L) % 20000);
        }
        ids[words + 1] = 102;
        return of(ids);
    }
}
