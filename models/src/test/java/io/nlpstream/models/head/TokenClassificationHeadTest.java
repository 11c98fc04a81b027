package io.nlpstream.models.head;

import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.testing.FakeOutputs;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TokenClassificationHeadTest {
    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    // [CLS] angela mer ##kel met jim in paris [SEP]
    private static final String TEXT = "Angela Merkel met Jim in Paris";

    /** Decodes with one confident label per token: {@code tags.get(i)} = (label, logit) for token i, O otherwise. */
    private static List<Entity> decode(AggregationStrategy aggregation, Set<String> ignore, String text,
                                       Map<Integer, Tag> tags) {
        TokenClassificationHead head = new TokenClassificationHead(FixtureTokenizers.bert(), 512, LABELS,
                new TokenClassificationOptions(aggregation, ignore));
        List<Encoding> encodings = head.encode(text);
        float[][] logits = new float[encodings.get(0).length()][LABELS.size()];
        for (int i = 0; i < logits.length; i++) {
            Tag tag = tags.getOrDefault(i, new Tag("O", 5f));
            logits[i][LABELS.indexOf(tag.label())] = tag.logit();
        }
        return head.decode(text, encodings, List.of(FakeOutputs.matrix("logits", logits)));
    }

    private record Tag(String label, float logit) {
    }

    private static List<Entity> decode(AggregationStrategy aggregation, Map<Integer, Tag> tags) {
        return decode(aggregation, Set.of("O"), TEXT, tags);
    }

    private static final Map<Integer, Tag> PEOPLE_AND_PLACE = Map.of(
            1, new Tag("B-PER", 5f), 2, new Tag("I-PER", 5f), 3, new Tag("I-PER", 5f),
            5, new Tag("B-PER", 5f), 7, new Tag("B-LOC", 5f));

    private static List<String> describe(List<Entity> entities) {
        List<String> out = new ArrayList<>();
        entities.forEach(e -> out.add(e.label() + "|" + e.word() + "|" + e.start() + "-" + e.end() + "|" + e.index()));
        return out;
    }

    @Test
    void theFixtureTextTokenizesAsTheseTestsAssume() {
        Encoding encoding = FixtureTokenizers.bert().encode(TEXT, 512);
        List<String> tokens = new ArrayList<>();
        for (long id : encoding.ids()) {
            tokens.add(FixtureTokenizers.bert().token(id));
        }
        assertThat(tokens).containsExactly("[CLS]", "angela", "mer", "##kel", "met", "jim", "in", "paris", "[SEP]");
    }

    @Test
    void noneReturnsEveryNonIgnoredTokenWithItsIndex() {
        List<Entity> entities = decode(AggregationStrategy.NONE, PEOPLE_AND_PLACE);

        assertThat(describe(entities)).containsExactly(
                "B-PER|angela|0-6|1", "I-PER|mer|7-10|2", "I-PER|##kel|10-13|3", "B-PER|jim|18-21|5",
                "B-LOC|paris|25-30|7");
        // softmax of one logit 5 against four zeros
        assertThat(entities.get(0).score()).isCloseTo(Math.exp(5) / (Math.exp(5) + 4), within(1e-6));
        assertThat(entities.get(0).isGroup()).isFalse();
    }

    @Test
    void simpleGroupsBAndIOfTheSameTypeAndSplitsOnB() {
        List<Entity> entities = decode(AggregationStrategy.SIMPLE, PEOPLE_AND_PLACE);

        assertThat(describe(entities)).containsExactly(
                "PER|angela merkel|0-13|null", "PER|jim|18-21|null", "LOC|paris|25-30|null");
        assertThat(entities.get(0).isGroup()).isTrue();
    }

    @Test
    void simpleStartsANewGroupWhenTheTypeChangesEvenOnI() {
        List<Entity> entities = decode(AggregationStrategy.SIMPLE, Map.of(
                1, new Tag("B-PER", 5f), 2, new Tag("I-LOC", 5f), 3, new Tag("I-LOC", 5f)));

        assertThat(describe(entities)).containsExactly("PER|angela|0-6|null", "LOC|merkel|7-13|null");
    }

    @Test
    void wordStrategiesDisagreeOnASplitWord() {
        // "mer" says B-PER weakly, "##kel" says I-LOC strongly
        Map<Integer, Tag> split = Map.of(1, new Tag("B-PER", 5f), 2, new Tag("B-PER", 3f), 3, new Tag("I-LOC", 6f));

        assertThat(describe(decode(AggregationStrategy.FIRST, split)))
                .containsExactly("PER|angela|0-6|null", "PER|merkel|7-13|null");
        assertThat(describe(decode(AggregationStrategy.MAX, split)))
                .containsExactly("PER|angela|0-6|null", "LOC|merkel|7-13|null");
        List<Entity> average = decode(AggregationStrategy.AVERAGE, split);
        assertThat(describe(average)).containsExactly("PER|angela|0-6|null", "LOC|merkel|7-13|null");
        double kel = Math.exp(6) / (Math.exp(6) + 4);
        double mer = 1 / (Math.exp(3) + 4);
        assertThat(average.get(1).score()).isCloseTo((kel + mer) / 2, within(1e-6));
    }

    @Test
    void groupScoresAreTheMeanOfTheirMembers() {
        List<Entity> entities = decode(AggregationStrategy.SIMPLE, Map.of(
                1, new Tag("B-PER", 5f), 2, new Tag("I-PER", 1f), 3, new Tag("I-PER", 1f)));

        double strong = Math.exp(5) / (Math.exp(5) + 4);
        double weak = Math.exp(1) / (Math.exp(1) + 4);
        assertThat(entities.get(0).score()).isCloseTo((strong + 2 * weak) / 3, within(1e-6));
    }

    @Test
    void ignoreLabelsIsConfigurable() {
        List<Entity> entities = decode(AggregationStrategy.SIMPLE, Set.of("PER"), TEXT, PEOPLE_AND_PLACE);

        assertThat(describe(entities)).containsExactly("O|met|14-17|null", "O|in|22-24|null",
                "LOC|paris|25-30|null");
    }

    @Test
    void unknownTokensShowTheirTextAndOffsetsCountCodePoints() {
        // [CLS] [UNK](东) 京 is a city [UNK](🙂) [SEP]
        String text = "东京 is a city 🙂";
        List<Entity> entities = decode(AggregationStrategy.NONE, Set.of("O"), text,
                Map.of(1, new Tag("B-LOC", 5f), 2, new Tag("I-LOC", 5f), 6, new Tag("B-PER", 5f)));

        assertThat(describe(entities)).containsExactly("B-LOC|东|0-1|1", "I-LOC|京|1-2|2", "B-PER|🙂|13-14|6");
    }

    @Test
    void logitsOfTheWrongShapeAreRejected() {
        TokenClassificationHead head = new TokenClassificationHead(FixtureTokenizers.bert(), 512, LABELS,
                TokenClassificationOptions.DEFAULTS);
        List<Encoding> encodings = head.encode(TEXT);

        assertThatThrownBy(() -> head.decode(TEXT, encodings,
                List.of(FakeOutputs.matrix("logits", new float[3][LABELS.size()]))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlappingEntitiesOfTwoWindowsMergeAsThePipelineDoes() {
        List<io.nlpstream.models.result.Entity> merged = TokenClassificationHead.mergeOverlapping(List.of(
                new io.nlpstream.models.result.Entity("PER", 0.6, "jim", 10, 13, null),
                new io.nlpstream.models.result.Entity("PER", 0.9, "jim henson", 10, 20, null),
                new io.nlpstream.models.result.Entity("ORG", 0.7, "google", 30, 36, null),
                new io.nlpstream.models.result.Entity("ORG", 0.8, "google", 30, 36, null),
                new io.nlpstream.models.result.Entity("LOC", 0.5, "london", 40, 46, null)));
        assertThat(merged).extracting(io.nlpstream.models.result.Entity::word,
                io.nlpstream.models.result.Entity::score).containsExactly(
                org.assertj.core.groups.Tuple.tuple("jim henson", 0.9), org.assertj.core.groups.Tuple.tuple("google",
                        0.8), org.assertj.core.groups.Tuple.tuple("london", 0.5));
    }
}
