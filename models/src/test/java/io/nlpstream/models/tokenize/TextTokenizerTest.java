package io.nlpstream.models.tokenize;

import io.nlpstream.models.testing.FixtureTokenizers;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextTokenizerTest {
    private final TextTokenizer tokenizer = FixtureTokenizers.bert();

    private List<String> tokens(Encoding encoding) {
        List<String> out = new ArrayList<>();
        for (long id : encoding.ids()) {
            out.add(tokenizer.token(id));
        }
        return out;
    }

    @Test
    void encodeAddsSpecialTokensAndNoPadding() {
        Encoding encoding = tokenizer.encode("Hello, WORLD!", 512);

        assertThat(tokens(encoding)).containsExactly("[CLS]", "hello", ",", "world", "!", "[SEP]");
        assertThat(encoding.special()).containsExactly(true, false, false, false, false, true);
        assertThat(encoding.wordIds()).containsExactly(-1, 0, 1, 2, 3, -1);
        assertThat(encoding.sequenceIds()).containsExactly(-1, 0, 0, 0, 0, -1);
        assertThat(encoding.attentionMask()).containsOnly(1L);
        assertThat(encoding.typeIds()).containsOnly(0L);
        assertThat(encoding.starts()).containsExactly(0, 0, 5, 7, 12, 0);
        assertThat(encoding.ends()).containsExactly(0, 5, 6, 12, 13, 0);
    }

    @Test
    void encodeTruncatesButKeepsTheSeparator() {
        Encoding encoding = tokenizer.encode("one two three four five", 4);

        assertThat(tokens(encoding)).containsExactly("[CLS]", "one", "two", "[SEP]");
        assertThat(tokenizer.tokenCount("one two three four five")).isEqualTo(7);
    }

    @Test
    void offsetsCountCodePointsNotUtf16Units() {
        Encoding encoding = tokenizer.encode("🙂 ok", 512);

        // the emoji is two UTF-16 units but one Python character
        assertThat(encoding.starts()).containsExactly(0, 0, 2, 0);
        assertThat(encoding.ends()).containsExactly(0, 1, 4, 0);
        assertThat(CodePoints.slice("🙂 ok", 2, 4)).isEqualTo("ok");
    }

    @Test
    void pairWindowsRepeatTheQuestionAndOverlapByTheStride() {
        String context = "one two three four five six seven eight nine ten eleven twelve";

        List<Encoding> windows = tokenizer.encodeWindows("why?", context, 10, 2, WindowedText.SECOND);

        // [CLS] why ? [SEP] + 5 context tokens + [SEP]; 12 context tokens, step 5 - 2 = 3: [0,5) [3,8) [6,11) [9,12)
        assertThat(windows).hasSize(4);
        assertThat(tokens(windows.get(0))).containsExactly("[CLS]", "why", "?", "[SEP]", "one", "two", "three",
                "four", "five", "[SEP]");
        assertThat(tokens(windows.get(1)).subList(4, 9)).containsExactly("four", "five", "six", "seven", "eight");
        assertThat(tokens(windows.get(3))).containsExactly("[CLS]", "why", "?", "[SEP]", "ten", "eleven", "twelve",
                "[SEP]");
        Encoding second = windows.get(1);
        assertThat(second.sequenceIds()).containsExactly(-1, 0, 0, -1, 1, 1, 1, 1, 1, -1);
        assertThat(second.typeIds()).containsExactly(0L, 0L, 0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L);
        // context offsets index the context, question offsets the question
        assertThat(context.substring(second.starts()[4], second.ends()[4])).isEqualTo("four");
        assertThat(second.starts()[1]).isZero();
        assertThat(second.wordIds()[4]).isEqualTo(3);
    }

    @Test
    void truncateTextCutsAtATokenEnd() {
        assertThat(tokenizer.truncateText("Angela Merkel met Jim", 2)).isEqualTo("Angela Mer");
        assertThat(tokenizer.truncateText("short", 10)).isEqualTo("short");
        assertThat(tokenizer.truncateText("short", 0)).isEmpty();
    }

    @Test
    void tokensToStringJoinsWordPiecesAndCleansUpPunctuation() {
        assertThat(tokenizer.tokensToString(List.of("dare", "##k"))).isEqualTo("darek");
        assertThat(tokenizer.tokensToString(List.of("jim", "henson"))).isEqualTo("jim henson");
        assertThat(tokenizer.tokensToString(List.of("hello", ",", "world", "!"))).isEqualTo("hello, world!");
        assertThat(tokenizer.tokensToString(List.of("##k"))).isEqualTo("##k");
        assertThat(tokenizer.tokensToString(List.of("don", "'", "t"))).isEqualTo("don ' t");
    }

    @Test
    void vocabularyLookupsAndTheUnknownToken() {
        assertThat(tokenizer.token(101)).isEqualTo("[CLS]");
        assertThat(tokenizer.unknownTokenId()).isEqualTo(100);
        assertThat(tokenizer.continuingSubwordPrefix()).isEqualTo("##");
        assertThatThrownBy(() -> tokenizer.token(10_000_000)).isInstanceOf(TokenizerException.class);
    }

    @Test
    void concurrentCallersGetTheSameEncodings() throws Exception {
        List<String> texts = List.of("Angela Merkel met Jim", "东京 is a city 🙂", "don't stop", "tab\tand\nnewline");
        List<List<Long>> expected = new ArrayList<>();
        for (String text : texts) {
            expected.add(ids(tokenizer.encode(text, 64)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> checks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int which = i % texts.size();
                checks.add(pool.submit(() -> ids(tokenizer.encode(texts.get(which), 64)).equals(expected.get(which))));
            }
            for (java.util.concurrent.Future<Boolean> check : checks) {
                assertThat(check.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> ids(Encoding encoding) {
        List<Long> out = new ArrayList<>();
        for (long id : encoding.ids()) {
            out.add(id);
        }
        return out;
    }

    @Test
    void aClosedTokenizerRefusesWork() throws Exception {
        TextTokenizer own = TextTokenizer.fromFile(Path.of(getClass()
                .getResource("/golden/ner/tokenizer.json").toURI()));
        own.close();

        assertThatThrownBy(() -> own.encode("x", 8)).isInstanceOf(TokenizerException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void aMissingFileIsATokenizerException() {
        assertThatThrownBy(() -> TextTokenizer.fromFile(Path.of("/nonexistent/tokenizer.json")))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("/nonexistent/tokenizer.json");
    }
}
