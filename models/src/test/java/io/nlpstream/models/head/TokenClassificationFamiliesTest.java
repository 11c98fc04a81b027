package io.nlpstream.models.head;

import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.testing.FakeOutputs;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.CodePoints;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token classification with tokenizers that have no continuing-subword prefix (byte-level BPE, SentencePiece): the
 * pipeline's fallback heuristic makes a token a sub-word when it does not start the text and neither the character
 * before it nor its first character is a space; words are decoded by the tokenizer's own decoder.
 */
class TokenClassificationFamiliesTest {
    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    // xlmr: <s> ▁Yes ter day ▁the ▁wea ther ▁in ▁Li sbon ▁was ▁s unny </s>
    // roberta: <s> Yesterday Ġthe Ġweather Ġin ĠLisbon Ġwas Ġsunny </s>
    private static final String SENTENCE = "Yesterday the weather in Lisbon was sunny";

    private record Tag(String label, float logit) {
    }

    private static List<Entity> decode(TextTokenizer tokenizer, AggregationStrategy aggregation, String text,
                                       Map<Integer, Tag> tags) {
        TokenClassificationHead head = new TokenClassificationHead(tokenizer, 512, LABELS,
                new TokenClassificationOptions(aggregation, Set.of("O")));
        List<Encoding> encodings = head.encode(text);
        float[][] logits = new float[encodings.get(0).length()][LABELS.size()];
        for (int i = 0; i < logits.length; i++) {
            Tag tag = tags.getOrDefault(i, new Tag("O", 5f));
            logits[i][LABELS.indexOf(tag.label())] = tag.logit();
        }
        return head.decode(text, encodings, List.of(FakeOutputs.matrix("logits", logits)));
    }

    private static List<String> describe(String text, List<Entity> entities) {
        List<String> out = new ArrayList<>();
        for (Entity e : entities) {
            out.add(e.label() + "|" + e.word() + "|" + CodePoints.slice(text, e.start(), e.end()));
        }
        return out;
    }

    @Test
    void sentencePieceSubWordsJoinTheirWordForEveryWordAggregation() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();
        Map<Integer, Tag> firstIsLocation = Map.of(8, new Tag("B-LOC", 5f), 9, new Tag("O", 4f));
        Map<Integer, Tag> secondIsLocation = Map.of(8, new Tag("O", 3f), 9, new Tag("B-LOC", 9f));

        // the word's pieces ▁Li and sbon: "sbon" follows "i" with no space, so it is a sub-word of ▁Li's word
        assertThat(describe(SENTENCE, decode(xlmr, AggregationStrategy.FIRST, SENTENCE, firstIsLocation)))
                .containsExactly("LOC|Lisbon| Lisbon");
        assertThat(describe(SENTENCE, decode(xlmr, AggregationStrategy.MAX, SENTENCE, secondIsLocation)))
                .containsExactly("LOC|Lisbon| Lisbon");
        assertThat(describe(SENTENCE, decode(xlmr, AggregationStrategy.AVERAGE, SENTENCE,
                Map.of(8, new Tag("B-LOC", 9f), 9, new Tag("B-LOC", 9f))))).containsExactly("LOC|Lisbon| Lisbon");
        // simple groups tokens, not words: the O sub-word stays out
        assertThat(describe(SENTENCE, decode(xlmr, AggregationStrategy.SIMPLE, SENTENCE, firstIsLocation)))
                .containsExactly("LOC|Li| Li");
        assertThat(describe(SENTENCE, decode(xlmr, AggregationStrategy.NONE, SENTENCE, firstIsLocation)))
                .containsExactly("B-LOC|▁Li| Li");
    }

    @Test
    void byteLevelWordsKeepTheLeadingSpaceTheDecoderRestores() {
        TextTokenizer roberta = FixtureTokenizers.roberta();

        List<Entity> entities = decode(roberta, AggregationStrategy.SIMPLE, SENTENCE,
                Map.of(5, new Tag("B-LOC", 5f)));

        // transformers shows RoBERTa entities as " Lisbon"; the offsets are trimmed of the space
        assertThat(describe(SENTENCE, entities)).containsExactly("LOC| Lisbon|Lisbon");
        assertThat(entities.get(0).start()).isEqualTo(25);
        assertThat(entities.get(0).end()).isEqualTo(31);
    }

    @Test
    void theHeuristicGluesPunctuationToTheWordBeforeIt() {
        TextTokenizer roberta = FixtureTokenizers.roberta();
        String text = "Hello, big world!";
        // <s> H el l o , Ġ b i g Ġw or l d ! </s>: "," and "!" have no space before them, so they are sub-words

        List<Entity> first = decode(roberta, AggregationStrategy.FIRST, text, Map.of(1, new Tag("B-PER", 5f)));
        List<Entity> simple = decode(roberta, AggregationStrategy.SIMPLE, text,
                Map.of(1, new Tag("B-PER", 5f), 2, new Tag("I-PER", 5f)));

        assertThat(describe(text, first)).containsExactly("PER|Hello,|Hello,");
        assertThat(describe(text, simple)).containsExactly("PER|Hel|Hel");
    }

    @Test
    void everyEntitySpanIsASubstringOfTheInput() {
        TextTokenizer xlmr = FixtureTokenizers.xlmr();
        String text = "Ｙes the  weather café 😀 in Lisbon";
        Map<Integer, Tag> everything = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            everything.put(i, new Tag(i % 2 == 0 ? "B-PER" : "I-PER", 5f));
        }
        for (AggregationStrategy aggregation : AggregationStrategy.values()) {
            for (Entity entity : decode(xlmr, aggregation, text, everything)) {
                String span = CodePoints.slice(text, entity.start(), entity.end());
                assertThat(text).contains(span);
                assertThat(entity.end()).isGreaterThanOrEqualTo(entity.start());
                assertThat(entity.end()).isLessThanOrEqualTo(CodePoints.length(text));
            }
        }
    }
}
