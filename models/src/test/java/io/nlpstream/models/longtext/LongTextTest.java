package io.nlpstream.models.longtext;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.models.tokenize.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Texts longer than the model's window, read whole: token classification's stride, whole-context QA. */
class LongTextTest {
    static final String FILLER = "no entities here at all. ";
    static final String SENTENCE = "Jim Henson works for Google in London.";

    static LoadedModel ner;
    static LoadedModel qa;

    @BeforeAll
    static void load() {
        ner = ModelLoader.load(FixtureModels.path(FixtureModels.NER), SessionSettings.DEFAULTS,
                BatcherSettings.DEFAULTS);
        qa = ModelLoader.load(FixtureModels.path(FixtureModels.QA), SessionSettings.DEFAULTS,
                BatcherSettings.DEFAULTS);
    }

    @AfterAll
    static void close() {
        ner.close();
        qa.close();
    }

    /** At least {@code tokens} tokens of filler (specials aside), then the text. */
    static String after(int tokens, String text) {
        try (TextTokenizer tokenizer = TextTokenizer.fromFile(FixtureModels.directory(FixtureModels.NER)
                .resolve("tokenizer.json"))) {
            StringBuilder filler = new StringBuilder();
            while (tokenizer.tokenCount(filler.toString()) - 2 < tokens) {
                filler.append(FILLER);
            }
            return filler + text;
        }
    }

    static List<Entity> recognize(String text, TokenClassificationOptions options) throws Exception {
        return ner.asTokenClassifier().recognize(text, options).get(120, TimeUnit.SECONDS);
    }

    @Test
    void givenAStrideThenEntitiesPast2000TokensAreFoundAtTheirExactOffsets() throws Exception {
        String text = after(2000, SENTENCE);
        int offset = text.length() - SENTENCE.length();
        TokenClassificationOptions simple = TokenClassificationOptions.of(AggregationStrategy.SIMPLE);
        List<Entity> alone = recognize(SENTENCE, simple);
        assertThat(alone).as("the fixture model finds the sentence's entities on their own").isNotEmpty();

        List<Entity> truncated = recognize(text, simple);
        List<Entity> whole = recognize(text, simple.withStride(64));

        assertThat(truncated).as("cut at the model's length").allSatisfy(e -> assertThat(e.start()).isLessThan(offset));
        List<Entity> tail = whole.stream().filter(e -> e.start() >= offset).toList();
        assertThat(tail).extracting(Entity::label, Entity::word, Entity::start, Entity::end)
                .containsExactlyElementsOf(alone.stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.label(),
                        e.word(), e.start() + offset, e.end() + offset)).toList());
        for (Entity e : tail) {
            assertThat(text.substring(e.start(), e.end()).toLowerCase()).isEqualTo(e.word());
        }
    }

    @Test
    void givenAStrideOnAShortTextThenTheResultIsTheUnstridedOne() throws Exception {
        TokenClassificationOptions simple = TokenClassificationOptions.of(AggregationStrategy.SIMPLE);
        List<Entity> plain = recognize(SENTENCE, simple);
        List<Entity> strided = recognize(SENTENCE, simple.withStride(16));
        assertThat(strided).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(strided.get(i).word()).isEqualTo(plain.get(i).word());
            assertThat(strided.get(i).start()).isEqualTo(plain.get(i).start());
            assertThat(strided.get(i).score()).isCloseTo(plain.get(i).score(), within(1e-5));
        }
    }

    @Test
    void givenWholeContextThenAnAnswerPastTheFirstWindowIsFound() throws Exception {
        String fact = "My name is Darek. I'm Polish. I like to practice kungfu. My home is in Warsaw but I often "
                + "travel to Berlin.";
        String context = after(QaOptions.DEFAULTS.maxSeqLen() + 200, fact);
        int offset = context.length() - fact.length();
        QaInput input = new QaInput("Where does Darek live?", context);

        List<Answer> first = qa.asQuestionAnswerer().answer(input, QaOptions.DEFAULTS).get(120, TimeUnit.SECONDS);
        List<Answer> whole = qa.asQuestionAnswerer().answer(input, QaOptions.DEFAULTS.withWholeContext(true))
                .get(120, TimeUnit.SECONDS);

        assertThat(first.get(0).start()).as("the default reads the first max_seq_len tokens").isLessThan(offset);
        Answer best = whole.get(0);
        assertThat(best.start()).isGreaterThanOrEqualTo(offset);
        // a place of the fact (the tiny model's pick between the two may shift with the filler before it)
        assertThat(best.answer()).containsAnyOf("Warsaw", "Berlin");
        assertThat(context.substring(best.start(), best.end())).isEqualTo(best.answer());
    }
}
