package io.nlpstream.models.longtext;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.WindowAggregation;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.result.WindowedLabels;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A long post whose only toxic sentence lies past the first window: truncation answers as the pipeline does on the
 * cut text; windows combine, label by label, the scores each window's own text gets (the demo model is tiny, so
 * this tests the aggregation, not its judgement).
 */
class WindowedClassificationTest {
    static final String FILLER = "thanks for the update. ";
    static final String TOXIC = "you are an idiot";
    static final ClassificationOptions ALL = new ClassificationOptions(0, null);

    static LoadedModel moderation;
    static TextTokenizer tokenizer;
    static int maxLength;

    @BeforeAll
    static void load() {
        moderation = ModelLoader.load(FixtureModels.path(FixtureModels.MODERATION), SessionSettings.DEFAULTS,
                BatcherSettings.DEFAULTS);
        tokenizer = TextTokenizer.fromFile(FixtureModels.directory(FixtureModels.MODERATION)
                .resolve("tokenizer.json"));
        maxLength = moderation.info().maxSequenceLength();
    }

    @AfterAll
    static void close() {
        moderation.close();
        tokenizer.close();
    }

    static String longPost() {
        StringBuilder post = new StringBuilder();
        while (tokenizer.tokenCount(post.toString()) < 2 * maxLength) {
            post.append(FILLER);
        }
        return post + TOXIC;
    }

    static Map<String, Double> scores(List<LabelScore> labels) {
        Map<String, Double> byLabel = new HashMap<>();
        labels.forEach(l -> byLabel.put(l.label(), l.score()));
        return byLabel;
    }

    static List<LabelScore> classify(String text) throws Exception {
        return moderation.asTextClassifier().classify(text, ALL).get(120, TimeUnit.SECONDS);
    }

    /** What each window covers of the text, classified on its own. */
    static List<Map<String, Double>> perWindow(String text, int stride) throws Exception {
        List<Map<String, Double>> windows = new ArrayList<>();
        for (Encoding window : tokenizer.encodeWindows(text, maxLength, stride)) {
            int first = 1;
            int last = window.length() - 2;
            windows.add(scores(classify(text.substring(window.starts()[first], window.ends()[last]))));
        }
        return windows;
    }

    @Test
    void truncateAnswersAsThePipelineOnTheCutText() throws Exception {
        String post = longPost();
        Map<String, Double> truncated = scores(classify(post));
        Map<String, Double> cut = scores(classify(tokenizer.truncateText(post, maxLength - 2)));
        truncated.forEach((label, score) -> assertThat(score).as(label).isCloseTo(cut.get(label), within(1e-4)));
        assertThat(truncated.get("toxic")).as("the toxic sentence is past the cut").isLessThan(0.5);
    }

    @Test
    void givenMaxEachLabelIsTheHighestScoreOfAnyWindowsOwnText() throws Exception {
        String post = longPost();
        WindowOptions windows = new WindowOptions(WindowAggregation.MAX, 32);
        WindowedLabels result = moderation.asWindowedTextClassifier().classify(post, ALL, windows)
                .get(120, TimeUnit.SECONDS);

        List<Map<String, Double>> each = perWindow(post, 32);
        assertThat(result.windows()).isEqualTo(each.size()).isGreaterThan(2);
        for (LabelScore label : result.labels()) {
            double max = each.stream().mapToDouble(w -> w.get(label.label())).max().orElseThrow();
            assertThat(label.score()).as(label.label()).isCloseTo(max, within(1e-4));
        }
        assertThat(result.labels()).extracting(LabelScore::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void givenMeanEachLabelIsTheMeanOfTheWindowsOwnScores() throws Exception {
        String post = longPost();
        WindowedLabels result = moderation.asWindowedTextClassifier()
                .classify(post, ALL, new WindowOptions(WindowAggregation.MEAN, 32)).get(120, TimeUnit.SECONDS);

        List<Map<String, Double>> each = perWindow(post, 32);
        for (LabelScore label : result.labels()) {
            double mean = each.stream().mapToDouble(w -> w.get(label.label())).average().orElseThrow();
            assertThat(label.score()).as(label.label()).isCloseTo(mean, within(1e-4));
        }
    }

    @Test
    void aShortTextIsOneWindowWithTheUnwindowedLabels() throws Exception {
        WindowedLabels result = moderation.asWindowedTextClassifier()
                .classify(TOXIC, ClassificationOptions.DEFAULTS, WindowOptions.DEFAULTS).get(120, TimeUnit.SECONDS);
        List<LabelScore> plain = moderation.asTextClassifier().classify(TOXIC, ClassificationOptions.DEFAULTS)
                .get(120, TimeUnit.SECONDS);
        assertThat(result.windows()).isEqualTo(1);
        assertThat(result.labels()).singleElement().satisfies(l -> {
            assertThat(l.label()).isEqualTo(plain.get(0).label());
            assertThat(l.score()).isCloseTo(plain.get(0).score(), within(1e-5));
        });
    }
}
