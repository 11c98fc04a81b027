package io.nlpstream.models.head;

import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationFunction;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.testing.FakeOutputs;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ClassificationHeadTest {
    private static final List<String> LABELS = List.of("negative", "neutral", "positive");

    private static List<LabelScore> decode(ClassificationHead head, float... logits) {
        List<Encoding> encodings = head.encode(TextInput.of("some text"));
        return head.decode(TextInput.of("some text"), encodings, List.of(FakeOutputs.vector("logits", logits)));
    }

    @Test
    void singleLabelDefaultsToSoftmaxAndReturnsOnlyTheBest() {
        // given
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                ClassificationOptions.DEFAULTS);

        // when
        List<LabelScore> result = decode(head, 1f, 2f, 3f);

        // then
        assertThat(head.function()).isEqualTo(ClassificationFunction.SOFTMAX);
        assertThat(result).hasSize(1);
        assertThat(result.get(0).label()).isEqualTo("positive");
        assertThat(result.get(0).score()).isCloseTo(0.66524096, within(1e-6));
    }

    @Test
    void multiLabelDefaultsToSigmoid() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, true,
                new ClassificationOptions(0, null));

        List<LabelScore> result = decode(head, 0f, 2f, -2f);

        assertThat(head.function()).isEqualTo(ClassificationFunction.SIGMOID);
        assertThat(result).extracting(LabelScore::label).containsExactly("neutral", "negative", "positive");
        assertThat(result.get(0).score()).isCloseTo(0.880797, within(1e-6));
        assertThat(result.get(1).score()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void aSingleLabelModelUsesSigmoid() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 512, List.of("spam"), false,
                ClassificationOptions.DEFAULTS);

        assertThat(decode(head, 0f)).containsExactly(new LabelScore("spam", 0.5));
    }

    @Test
    void functionToApplyOverridesTheDefault() {
        ClassificationHead none = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                new ClassificationOptions(0, ClassificationFunction.NONE));
        ClassificationHead sigmoid = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                new ClassificationOptions(null, ClassificationFunction.SIGMOID));

        assertThat(decode(none, -1f, 4f, 2f)).extracting(LabelScore::score).containsExactly(4.0, 2.0, -1.0);
        assertThat(decode(sigmoid, -1f, 0f, -3f)).containsExactly(new LabelScore("neutral", 0.5));
    }

    @Test
    void topKCutsTheSortedListAndTiesKeepLabelOrder() {
        ClassificationHead two = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                new ClassificationOptions(2, null));
        ClassificationHead many = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                new ClassificationOptions(10, null));

        assertThat(decode(two, 1f, 1f, 0f)).extracting(LabelScore::label).containsExactly("negative", "neutral");
        assertThat(decode(many, 0f, 1f, 1f)).extracting(LabelScore::label)
                .containsExactly("neutral", "positive", "negative");
    }

    @Test
    void theBestOfEqualScoresIsTheFirstLabel() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                ClassificationOptions.DEFAULTS);

        assertThat(decode(head, 0f, 1f, 1f).get(0).label()).isEqualTo("neutral");
    }

    @Test
    void encodeTruncatesToMaxLength() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 8, LABELS, false,
                ClassificationOptions.DEFAULTS);

        List<Encoding> encodings = head.encode(TextInput.of("one two three four five six seven eight nine ten"));

        assertThat(encodings).singleElement().extracting(Encoding::length).isEqualTo(8);
        assertThat(encodings.get(0).ids()[7]).isEqualTo(102L); // still ends with [SEP]
    }

    @Test
    void aTextPairIsEncodedWithThePairTemplateAndTruncatedLongestFirst() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 9, LABELS, false,
                ClassificationOptions.DEFAULTS);

        Encoding pair = head.encode(TextInput.pair("one two three four five six", "seven eight")).get(0);

        // [CLS] one two three [SEP] seven eight [SEP] is 8; longest_first trims the longer text only
        assertThat(pair.length()).isEqualTo(9);
        assertThat(pair.ids()[0]).isEqualTo(101L);
        assertThat(pair.sequenceIds()).containsExactly(-1, 0, 0, 0, 0, -1, 1, 1, -1);
        assertThat(pair.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1);
    }

    @Test
    void logitsThatDoNotMatchTheLabelsAreRejected() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 512, LABELS, false,
                ClassificationOptions.DEFAULTS);

        assertThatThrownBy(() -> decode(head, 1f, 2f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 logits for 3 labels");
    }

    @Test
    void theLogitsOutputIsPreferredOverTheFirst() {
        ClassificationHead head = new ClassificationHead(FixtureTokenizers.bert(), 512, List.of("a", "b"), false,
                ClassificationOptions.DEFAULTS);
        List<Encoding> encodings = head.encode(TextInput.of("x"));

        List<LabelScore> result = head.decode(TextInput.of("x"), encodings, List.of(FakeOutputs.pair(
                "hidden", new float[] {9f, 0f}, "logits", new float[] {0f, 9f})));

        assertThat(result.get(0).label()).isEqualTo("b");
    }
}
