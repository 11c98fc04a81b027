package io.nlpstream.models.tokenize;

import io.nlpstream.models.testing.FixtureTokenizers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tokenizer family {@code tokenizer.json} describes, checked against what the tokenizers library documents for
 * it: RoBERTa's byte-level BPE ({@code Ġ} marks a leading space, offsets trimmed of it, {@code <s> A </s></s> B
 * </s>} with type ids all 0), XLM-R's SentencePiece Unigram ({@code ▁} marks a word start and its offsets cover the
 * space before it, NFKC normalization mapped back to the original characters), WordLevel (no template, no decoder).
 */
class TokenizerFamiliesTest {
    private static final String SENTENCE = "Yesterday the weather in Lisbon was sunny";

    private static List<String> tokens(TextTokenizer tokenizer, Encoding encoding) {
        List<String> out = new ArrayList<>();
        for (long id : encoding.ids()) {
            out.add(tokenizer.token(id));
        }
        return out;
    }

    private static List<String> spans(String text, Encoding encoding) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < encoding.length(); i++) {
            out.add(CodePoints.slice(text, encoding.starts()[i], encoding.ends()[i]));
        }
        return out;
    }

    @Test
    void byteLevelBpeMarksLeadingSpacesAndTrimsThemFromOffsets() {
        TextTokenizer roberta = FixtureTokenizers.roberta();

        Encoding encoding = roberta.encode(SENTENCE, 512);

        assertThat(tokens(roberta, encoding)).containsExactly("<s>", "Yesterday", "Ġthe", "Ġweather", "Ġin",
                "ĠLisbon", "Ġwas", "Ġsunny", "</s>");
        assertThat(encoding.ids()).containsExactly(0, 316, 270, 319, 273, 323, 324, 327, 2);
        assertThat(spans(SENTENCE, encoding)).containsExactly("", "Yesterday", "the", "weather", "in", "Lisbon",
                "was", "sunny", "");
        assertThat(encoding.wordIds()).containsExactly(-1, 0, 1, 2, 3, 4, 5, 6, -1);
        assertThat(encoding.special()).containsExactly(true, false, false, false, false, false, false, false, true);
        assertThat(encoding.typeIds()).containsOnly(0L);
    }

    @Test
    void byteLevelBpeSplitsCharactersIntoBytesWhoseOffsetsCoverTheWholeCharacter() {
        TextTokenizer roberta = FixtureTokenizers.roberta();
        String text = "café 😀";

        Encoding encoding = roberta.encode(text, 512);

        // é is two UTF-8 bytes (Ã ©), the emoji four (ð Ł ĺ Ģ); each byte token covers its whole code point
        assertThat(tokens(roberta, encoding)).containsExactly("<s>", "c", "a", "f", "Ã", "©", "Ġ", "ð", "Ł", "ĺ",
                "Ģ", "</s>");
        assertThat(encoding.starts()).containsExactly(0, 0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 0);
        assertThat(encoding.ends()).containsExactly(0, 1, 2, 3, 4, 4, 5, 6, 6, 6, 6, 0);
        List<String> pieces = tokens(roberta, encoding).subList(1, encoding.length() - 1);
        assertThat(roberta.tokensToString(pieces)).isEqualTo(text);
    }

    @Test
    void robertaPairsFollowItsPostProcessorTemplate() {
        TextTokenizer roberta = FixtureTokenizers.roberta();

        Encoding pair = roberta.encodePair("Why did", "the weather", 512);

        assertThat(tokens(roberta, pair)).containsExactly("<s>", "Why", "Ġdid", "</s>", "</s>", "t", "he",
                "Ġweather", "</s>");
        assertThat(pair.sequenceIds()).containsExactly(-1, 0, 0, -1, -1, 1, 1, 1, -1);
        assertThat(pair.typeIds()).containsOnly(0L);
        assertThat(spans("the weather", pair).subList(5, 8)).containsExactly("t", "he", "weather");
    }

    @Test
    void byteLevelDecoderRestoresSpacesAsTransformersWordsShowThem() {
        TextTokenizer roberta = FixtureTokenizers.roberta();

        assertThat(roberta.tokensToString(List.of("ĠLisbon"))).isEqualTo(" Lisbon");
        assertThat(roberta.tokensToString(List.of("Yesterday", "Ġthe", "Ġweather"))).isEqualTo("Yesterday the weather");
        assertThat(roberta.continuingSubwordPrefix()).isNull();
    }

    @Test
    void specialTokensComeFromTheTokenizerConfig() {
        TextTokenizer roberta = FixtureTokenizers.roberta();

        assertThat(roberta.padId()).isEqualTo(1);
        assertThat(roberta.clsId()).isZero();
        assertThat(roberta.unknownTokenId()).isEqualTo(3);
        assertThat(roberta.paddingSide()).isEqualTo(PaddingSide.RIGHT);
        assertThat(FixtureTokenizers.bert().padId()).isZero();
        assertThat(FixtureTokenizers.bert().clsId()).isEqualTo(101);
        assertThat(FixtureTokenizers.xlmrPaddingLeft().paddingSide()).isEqualTo(PaddingSide.LEFT);
    }

    @Test
    void unigramPiecesStartWithTheMetaspaceAndCoverTheSpaceBefore() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();

        Encoding encoding = xlmr.encode(SENTENCE, 512);

        assertThat(tokens(xlmr, encoding)).containsExactly("<s>", "▁Yes", "ter", "day", "▁the", "▁wea", "ther",
                "▁in", "▁Li", "sbon", "▁was", "▁s", "unny", "</s>");
        assertThat(spans(SENTENCE, encoding)).containsExactly("", "Yes", "ter", "day", " the", " wea", "ther",
                " in", " Li", "sbon", " was", " s", "unny", "");
        assertThat(encoding.wordIds()).containsExactly(-1, 0, 0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, -1);
        List<String> pieces = tokens(xlmr, encoding).subList(1, encoding.length() - 1);
        assertThat(xlmr.tokensToString(pieces)).isEqualTo(SENTENCE);
        assertThat(xlmr.tokensToString(List.of("▁Li", "sbon"))).isEqualTo("Lisbon");
        assertThat(xlmr.continuingSubwordPrefix()).isNull();
    }

    @Test
    void unigramOffsetsPointIntoTheTextBeforeNormalization() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();
        String text = "Ｙes the  weather";

        Encoding encoding = xlmr.encode(text, 512);

        // NFKC makes the full-width Ｙ a Y and the normalizer folds the two spaces into one, which maps back to
        // the second of them
        assertThat(tokens(xlmr, encoding)).containsExactly("<s>", "▁Yes", "▁the", "▁wea", "ther", "</s>");
        assertThat(spans(text, encoding)).containsExactly("", "Ｙes", " the", " wea", "ther", "");
        assertThat(encoding.starts()[3]).isEqualTo(8);
    }

    @Test
    void unigramUnknownCharactersBecomeTheUnknownToken() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();

        Encoding encoding = xlmr.encode("caf 😀", 512);

        assertThat(tokens(xlmr, encoding)).contains("<unk>");
        assertThat(encoding.ids()).contains(xlmr.unknownTokenId());
        assertThat(xlmr.unknownTokenId()).isEqualTo(3);
    }

    @Test
    void xlmrPairsFollowItsTemplate() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();

        Encoding pair = xlmr.encodePair("Why did", "the weather", 512);

        assertThat(tokens(xlmr, pair)).containsExactly("<s>", "▁Why", "▁did", "</s>", "</s>", "▁the", "▁wea",
                "ther", "</s>");
        assertThat(pair.sequenceIds()).containsExactly(-1, 0, 0, -1, -1, 1, 1, 1, -1);
        assertThat(pair.special()).containsExactly(true, false, false, true, true, false, false, false, true);
        assertThat(spans("the weather", pair).subList(5, 8)).containsExactly("the", " wea", "ther");
    }

    @Test
    void pairsAreTruncatedLongestFirst() {
        TextTokenizer roberta = FixtureTokenizers.roberta();

        Encoding pair = roberta.encodePair(SENTENCE, "Why did", 8);

        // 4 specials leave 4 tokens: the longer first text gives up tokens until the two are even
        assertThat(tokens(roberta, pair)).containsExactly("<s>", "Yesterday", "Ġthe", "</s>", "</s>", "Why", "Ġdid",
                "</s>");
    }

    @Test
    void wordLevelHasNoTemplateAndJoinsTokensWithSpaces() {
        TextTokenizer words = FixtureTokenizers.wordLevel();
        String text = "Hello, big world!";

        Encoding encoding = words.encode(text, 512);

        assertThat(tokens(words, encoding)).containsExactly("hello", ",", "[UNK]", "world", "!");
        assertThat(spans(text, encoding)).containsExactly("Hello", ",", "big", "world", "!");
        assertThat(words.tokensToString(List.of("hello", "world"))).isEqualTo("hello world");
        assertThat(words.unknownTokenId()).isEqualTo(1);
        assertThat(words.clsId()).isEqualTo(-1);
        // no tokenizer_config.json: the padding stated in tokenizer.json
        assertThat(words.paddingSide()).isEqualTo(PaddingSide.LEFT);
        assertThat(words.padId()).isZero();
    }

    @Test
    void questionWindowsOfTheFirstTextRepeatTheSecond() {
        TextTokenizer xlmr = FixtureTokenizers.xlmrPaddingLeft();

        List<Encoding> windows = xlmr.encodeWindows(SENTENCE, "Why did", 10, 2, WindowedText.FIRST);

        assertThat(windows).hasSizeGreaterThan(1);
        for (Encoding window : windows) {
            List<String> tokens = tokens(xlmr, window);
            assertThat(tokens.subList(tokens.size() - 4, tokens.size())).containsExactly("</s>", "▁Why", "▁did",
                    "</s>");
            assertThat(window.length()).isLessThanOrEqualTo(10);
        }
    }
}
