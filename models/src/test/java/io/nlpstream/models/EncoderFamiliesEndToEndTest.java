package io.nlpstream.models;

import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.models.testing.FixtureTokenizers;
import io.nlpstream.models.tokenize.CodePoints;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small fixture graphs run with RoBERTa- and XLM-R-style tokenizers (the graph only sees ids, all within its
 * vocabulary): the model directory loads, pairs classify, and every entity's and answer's span is the exact
 * substring of the input whatever the aggregation. What the graphs predict with these tokens means nothing.
 */
class EncoderFamiliesEndToEndTest {
    private static final List<String> TEXTS = List.of(
            "Yesterday the weather in Lisbon was sunny",
            "Sophie Martin joined Nokia as an engineer in Helsinki",
            "Ｙes the  weather café 😀 in Lisbon, really!");

    @TempDir
    Path dir;

    /** An Optimum directory: a fixture's graph and config with another family's tokenizer files. */
    private LoadedModel load(String fixture, String family) throws IOException {
        Path model = Files.createDirectories(dir.resolve(fixture + "-" + family));
        for (String file : List.of("model.onnx", "config.json")) {
            Files.copy(FixtureModels.directory(fixture).resolve(file), model.resolve(file));
        }
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(FixtureTokenizers.directory(family).resolve(file), model.resolve(file));
        }
        return ModelLoader.load(model.toString(), SessionSettings.DEFAULTS, BatcherSettings.DEFAULTS);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(2, TimeUnit.MINUTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpe-roberta-style", "unigram-xlmr-style"})
    void entitiesSpanExactSubstringsForEveryAggregation(String family) throws Exception {
        try (LoadedModel ner = load(FixtureModels.NER, family)) {
            for (String text : TEXTS) {
                for (AggregationStrategy aggregation : AggregationStrategy.values()) {
                    List<Entity> entities = await(ner.asTokenClassifier().recognize(text,
                            new TokenClassificationOptions(aggregation, Set.of())));
                    assertThat(entities).as("%s %s", aggregation, text).isNotEmpty();
                    for (Entity entity : entities) {
                        String span = CodePoints.slice(text, entity.start(), entity.end());
                        assertThat(entity.start()).isLessThanOrEqualTo(entity.end());
                        assertThat(entity.end()).isLessThanOrEqualTo(CodePoints.length(text));
                        assertThat(text).contains(span);
                        if (aggregation != AggregationStrategy.NONE && text.equals(TEXTS.get(0))) {
                            // ASCII words decode back to the text they cover, up to spaces: the pipeline's groups
                            // run the decoder again over decoded words, and Metaspace joins them without spaces
                            assertThat(entity.word().replace(" ", "")).isEqualTo(span.replace(" ", ""));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpe-roberta-style", "unigram-xlmr-style", "unigram-xlmr-left"})
    void answersAreExactSubstringsOfTheContext(String family) throws Exception {
        try (LoadedModel qa = load(FixtureModels.QA, family)) {
            for (String context : TEXTS) {
                QaInput input = new QaInput("Where was the weather sunny?", context.repeat(3));
                List<Answer> answers = await(qa.asQuestionAnswerer().answer(input,
                        new QaOptions(5, 8, 32, 16, 15, true)));
                assertThat(answers).isNotEmpty();
                for (Answer answer : answers) {
                    assertThat(answer.answer()).isEqualTo(CodePoints.slice(input.context(), answer.start(),
                            answer.end()));
                    assertThat(input.context()).contains(answer.answer());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bpe-roberta-style", "unigram-xlmr-style"})
    void pairsClassifyThroughThePairTemplate(String family) throws Exception {
        try (LoadedModel sentiment = load(FixtureModels.SENTIMENT, family)) {
            TextClassifier classifier = sentiment.asTextClassifier();
            ClassificationOptions all = new ClassificationOptions(0, null);
            List<LabelScore> pair = await(classifier.classify(TextInput.pair("Why did", "the weather"), all));
            List<LabelScore> joined = await(classifier.classify("Why did the weather", all));

            assertThat(pair).hasSize(3);
            assertThat(pair.stream().mapToDouble(LabelScore::score).sum()).isCloseTo(1.0,
                    org.assertj.core.api.Assertions.within(1e-5));
            // the pair's template (two separators) makes a different input from the joined text
            assertThat(pair).isNotEqualTo(joined);
        }
    }
}
