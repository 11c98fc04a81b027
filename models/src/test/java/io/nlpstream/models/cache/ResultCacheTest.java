package io.nlpstream.models.cache;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.Task;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.ClassificationFunction;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.result.LabelScore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultCacheTest {

    /** Answers with the text's length as the score; counts its runs; version settable. */
    static class CountingClassifier implements TextClassifier {
        final AtomicInteger runs = new AtomicInteger();
        final String version;

        CountingClassifier(String version) {
            this.version = version;
        }

        @Override
        public ModelInfo info() {
            return new ModelInfo("sentiment", version, Task.TEXT_CLASSIFICATION, "CPU", List.of("A", "B"), 512);
        }

        @Override
        public CompletableFuture<List<LabelScore>> classify(io.nlpstream.models.input.TextInput input,
                                                           ClassificationOptions options) {
            String text = input.isPair() ? input.text() + "|" + input.textPair() : input.text();
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(List.of(new LabelScore(version + ":" + text, text.length())));
        }
    }

    static ResultCache cache(TextNormalization normalization) {
        return new ResultCache(new CacheSettings(true, 100, 1 << 20, normalization));
    }

    static List<LabelScore> classify(TextClassifier classifier, String text) {
        return classifier.classify(text, ClassificationOptions.DEFAULTS).join();
    }

    @Test
    void givenTheSameTextTwiceWhenClassifiedThenTheModelRunsOnceAndBothGetItsAnswer() {
        CountingClassifier model = new CountingClassifier("v1");
        ResultCache cache = cache(TextNormalization.EXACT);
        CachedTextClassifier cached = new CachedTextClassifier(model, cache);

        List<LabelScore> first = classify(cached, "spam spam");
        List<LabelScore> second = classify(cached, "spam spam");

        assertThat(second).isEqualTo(first);
        assertThat(model.runs).hasValue(1);
        assertThat(cache.stats()).extracting(CacheStats::hits, CacheStats::misses, CacheStats::entries)
                .containsExactly(1L, 1L, 1L);
        assertThat(cache.stats().hitRate()).isEqualTo(0.5);
    }

    @Test
    void givenAResultOfVersionOneWhenTheModelIsNowVersionTwoThenItMissesAndVersionTwoAnswers() {
        ResultCache cache = cache(TextNormalization.EXACT);
        CountingClassifier v1 = new CountingClassifier("v1");
        CountingClassifier v2 = new CountingClassifier("v2");
        classify(new CachedTextClassifier(v1, cache), "same text");

        List<LabelScore> answer = classify(new CachedTextClassifier(v2, cache), "same text");

        assertThat(answer.get(0).label()).startsWith("v2:");
        assertThat(v2.runs).hasValue(1);
        assertThat(cache.stats().misses()).isEqualTo(2);
    }

    @Test
    void givenOptionsThatChangeTheAnswerWhenTheTextRepeatsThenEachOptionSetRunsTheModel() {
        CountingClassifier model = new CountingClassifier("v1");
        CachedTextClassifier cached = new CachedTextClassifier(model, cache(TextNormalization.EXACT));

        cached.classify("text", ClassificationOptions.DEFAULTS).join();
        cached.classify("text", new ClassificationOptions(0, null)).join();
        cached.classify("text", new ClassificationOptions(0, ClassificationFunction.SIGMOID)).join();
        cached.classify("text", new ClassificationOptions(0, ClassificationFunction.SIGMOID)).join();

        assertThat(model.runs).hasValue(3);
    }

    @Test
    void givenCaseFoldingWhenTextsDifferOnlyInCaseAndWhitespaceThenTheyShareOneResult() {
        CountingClassifier model = new CountingClassifier("v1");
        CachedTextClassifier cached = new CachedTextClassifier(model, cache(TextNormalization.CASE_FOLDED));

        classify(cached, "Buy  CHEAP\twatches\n");
        classify(cached, "buy cheap watches");
        classify(cached, " BUY CHEAP WATCHES");

        assertThat(model.runs).hasValue(1);
    }

    @Test
    void givenExactKeysWhenTextsDifferOnlyInCaseThenEachRunsTheModel() {
        CountingClassifier model = new CountingClassifier("v1");
        CachedTextClassifier cached = new CachedTextClassifier(model, cache(TextNormalization.EXACT));

        classify(cached, "Buy cheap watches");
        classify(cached, "buy cheap watches");

        assertThat(model.runs).hasValue(2);
    }

    @Test
    void normalisationFoldsCaseCollapsesWhitespaceAndStripsTheEnds() {
        assertThat(TextNormalization.CASE_FOLDED.apply("  Hello,\u00a0\u2003WORLD \n\t x ")).isEqualTo("hello, world x");
        assertThat(TextNormalization.EXACT.apply("  Hello  ")).isEqualTo("  Hello  ");
    }

    @Test
    void givenCaseFoldingWhenEntitiesAreAskedForTextsThatDifferInWhitespaceThenEachRunsTheModel() {
        AtomicInteger runs = new AtomicInteger();
        TokenClassifier model = new TokenClassifier() {
            @Override
            public ModelInfo info() {
                return new ModelInfo("ner", "n1", Task.TOKEN_CLASSIFICATION, "CPU", List.of("O", "B-PER"), 512);
            }

            @Override
            public CompletableFuture<List<Entity>> recognize(String text, TokenClassificationOptions options) {
                runs.incrementAndGet();
                int start = text.indexOf("Ann");
                return CompletableFuture.completedFuture(List.of(new Entity("PER", 0.9, "Ann", start, start + 3,
                        null)));
            }
        };
        CachedTokenClassifier cached = new CachedTokenClassifier(model, cache(TextNormalization.CASE_FOLDED));
        TokenClassificationOptions options = TokenClassificationOptions.of(AggregationStrategy.SIMPLE);

        List<Entity> spaced = cached.recognize("hi   Ann", options).join();
        List<Entity> plain = cached.recognize("hi Ann", options).join();

        assertThat(runs).hasValue(2);
        assertThat(spaced.get(0).start()).isEqualTo(5);
        assertThat(plain.get(0).start()).isEqualTo(3);
    }

    @Test
    void givenCaseFoldingWhenQuestionsDifferInCaseThenTheyShareButAnotherContextDoesNot() {
        AtomicInteger runs = new AtomicInteger();
        QuestionAnswerer model = new QuestionAnswerer() {
            @Override
            public ModelInfo info() {
                return new ModelInfo("qa", "q1", Task.QUESTION_ANSWERING, "CPU", List.of(), 384);
            }

            @Override
            public CompletableFuture<List<Answer>> answer(QaInput input, QaOptions options) {
                runs.incrementAndGet();
                return CompletableFuture.completedFuture(List.of(new Answer(0.5, 0, 3, input.context()
                        .substring(0, 3))));
            }
        };
        CachedQuestionAnswerer cached = new CachedQuestionAnswerer(model, cache(TextNormalization.CASE_FOLDED));

        cached.answer(new QaInput("Who  came?", "Ann came."), QaOptions.DEFAULTS).join();
        cached.answer(new QaInput("who came?", "Ann came."), QaOptions.DEFAULTS).join();
        assertThat(runs).hasValue(1);

        cached.answer(new QaInput("who came?", "ann came."), QaOptions.DEFAULTS).join();
        assertThat(runs).hasValue(2);
    }

    @Test
    void givenAnEntryBoundWhenMoreDistinctTextsArriveThenAtMostThatManyAreKeptAndTheRestCountAsEvictions() {
        ResultCache cache = new ResultCache(new CacheSettings(true, 5, 1 << 20, TextNormalization.EXACT));
        CachedTextClassifier cached = new CachedTextClassifier(new CountingClassifier("v1"), cache);

        for (int i = 0; i < 50; i++) {
            classify(cached, "text number " + i);
        }
        cache.cleanUp();

        CacheStats stats = cache.stats();
        assertThat(stats.entries()).isLessThanOrEqualTo(5);
        assertThat(stats.evictions()).isEqualTo(50 - stats.entries());
    }

    @Test
    void givenAByteBoundWhenLongTextsArriveThenTheEstimatedBytesStayWithinItAndCountWhatIsKept() {
        long maxBytes = 4_000;
        ResultCache cache = new ResultCache(new CacheSettings(true, 1_000, maxBytes, TextNormalization.EXACT));
        CachedTextClassifier cached = new CachedTextClassifier(new CountingClassifier("v1"), cache);
        String longText = "x".repeat(500);

        for (int i = 0; i < 20; i++) {
            classify(cached, longText + i);
        }
        cache.cleanUp();

        CacheStats stats = cache.stats();
        assertThat(stats.entries()).isBetween(1L, 3L);
        assertThat(stats.bytes()).isPositive().isLessThanOrEqualTo(maxBytes);
        assertThat(stats.evictions()).isEqualTo(20 - stats.entries());
    }

    @Test
    void givenOneStoredResultThenItsBytesAreTheKeyAndResultEstimatesAndEvictingItReturnsThemToZero() {
        ResultCache cache = new ResultCache(new CacheSettings(true, 1, 1 << 20, TextNormalization.EXACT));
        CachedTextClassifier cached = new CachedTextClassifier(new CountingClassifier("v1"), cache);

        List<LabelScore> result = classify(cached, "abc");
        long expected = new ResultKey("sentiment", "v1", ClassificationOptions.DEFAULTS, "abc", null)
                .estimatedBytes() + ResultSizes.of(result);
        assertThat(cache.stats().bytes()).isEqualTo(expected);

        classify(cached, "another");
        classify(cached, "and another");
        cache.cleanUp();
        assertThat(cache.stats().entries()).isEqualTo(1);
        assertThat(cache.stats().bytes()).isLessThan(2 * expected + 100).isPositive();
    }

    @Test
    void givenSixteenThreadsAskingForOneTextAtOnceThenTheModelRunsOnceAndAllGetItsAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<List<LabelScore>> running = new CompletableFuture<>();
        TextClassifier slow = new CountingClassifier("v1") {
            @Override
            public CompletableFuture<List<LabelScore>> classify(io.nlpstream.models.input.TextInput input,
                                                                ClassificationOptions options) {
                String text = input.text();
                calls.incrementAndGet();
                return running;
            }
        };
        ResultCache cache = cache(TextNormalization.EXACT);
        CachedTextClassifier cached = new CachedTextClassifier(slow, cache);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<CompletableFuture<List<LabelScore>>>> callers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                callers.add(pool.submit(() -> {
                    start.await();
                    return cached.classify("wave", ClassificationOptions.DEFAULTS);
                }));
            }
            start.countDown();
            List<CompletableFuture<List<LabelScore>>> answers = new ArrayList<>();
            for (Future<CompletableFuture<List<LabelScore>>> call : callers) {
                answers.add(call.get(60, TimeUnit.SECONDS));
            }
            List<LabelScore> result = List.of(new LabelScore("X", 1));
            running.complete(result);

            for (CompletableFuture<List<LabelScore>> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(result);
            }
            assertThat(calls).hasValue(1);
            assertThat(cache.stats()).extracting(CacheStats::hits, CacheStats::misses).containsExactly(15L, 1L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenAFailedRunThenItsJoinersFailTooAndTheNextRequestRunsTheModelAgain() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<List<LabelScore>> failing = new CompletableFuture<>();
        TextClassifier model = new CountingClassifier("v1") {
            @Override
            public CompletableFuture<List<LabelScore>> classify(io.nlpstream.models.input.TextInput input,
                                                                ClassificationOptions options) {
                String text = input.text();
                return calls.incrementAndGet() == 1 ? failing
                        : CompletableFuture.completedFuture(List.of(new LabelScore("OK", 1)));
            }
        };
        ResultCache cache = cache(TextNormalization.EXACT);
        CachedTextClassifier cached = new CachedTextClassifier(model, cache);

        CompletableFuture<List<LabelScore>> first = cached.classify("t", ClassificationOptions.DEFAULTS);
        CompletableFuture<List<LabelScore>> joiner = cached.classify("t", ClassificationOptions.DEFAULTS);
        failing.completeExceptionally(new IllegalStateException("boom"));

        assertThat(first).isCompletedExceptionally();
        assertThat(joiner).isCompletedExceptionally();
        assertThat(classify(cached, "t")).containsExactly(new LabelScore("OK", 1));
        assertThat(calls).hasValue(2);
        assertThat(cache.stats().entries()).isEqualTo(1);
    }

    @Test
    void givenARejectedSubmissionThenTheCallerSeesTheExceptionAndNothingIsLeftRunning() {
        AtomicInteger calls = new AtomicInteger();
        TextClassifier model = new CountingClassifier("v1") {
            @Override
            public CompletableFuture<List<LabelScore>> classify(io.nlpstream.models.input.TextInput input,
                                                                ClassificationOptions options) {
                String text = input.text();
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("queue full");
                }
                return CompletableFuture.completedFuture(List.of(new LabelScore("OK", 1)));
            }
        };
        CachedTextClassifier cached = new CachedTextClassifier(model, cache(TextNormalization.EXACT));

        assertThatThrownBy(() -> cached.classify("t", ClassificationOptions.DEFAULTS))
                .hasMessage("queue full");
        assertThat(classify(cached, "t")).containsExactly(new LabelScore("OK", 1));
    }

    @Test
    void givenTwoCallersOfOneRunWhenOneGivesUpThenTheOtherStillGetsTheAnswer() {
        CompletableFuture<List<LabelScore>> running = new CompletableFuture<>();
        TextClassifier model = new CountingClassifier("v1") {
            @Override
            public CompletableFuture<List<LabelScore>> classify(io.nlpstream.models.input.TextInput input,
                                                                ClassificationOptions options) {
                String text = input.text();
                return running;
            }
        };
        CachedTextClassifier cached = new CachedTextClassifier(model, cache(TextNormalization.EXACT));

        CompletableFuture<List<LabelScore>> impatient = cached.classify("t", ClassificationOptions.DEFAULTS);
        CompletableFuture<List<LabelScore>> patient = cached.classify("t", ClassificationOptions.DEFAULTS);
        impatient.cancel(false);
        running.complete(List.of(new LabelScore("OK", 1)));

        assertThat(running).isNotCancelled();
        assertThat(patient.join()).containsExactly(new LabelScore("OK", 1));
    }

    @Test
    void givenAnEmbeddingHitThenEachCallerGetsItsOwnCopyOfTheVector() {
        AtomicInteger runs = new AtomicInteger();
        TextEmbedder model = new TextEmbedder() {
            @Override
            public ModelInfo info() {
                return new ModelInfo("minilm", "e1", Task.FEATURE_EXTRACTION, "CPU", List.of(), 256);
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public CompletableFuture<float[]> embed(String text) {
                runs.incrementAndGet();
                return CompletableFuture.completedFuture(new float[]{1, 2});
            }
        };
        CachedTextEmbedder cached = new CachedTextEmbedder(model, cache(TextNormalization.EXACT),
                EmbeddingOptions.DEFAULTS);

        float[] first = cached.embed("t").join();
        first[0] = 99;
        float[] second = cached.embed("t").join();

        assertThat(second).containsExactly(1, 2);
        assertThat(runs).hasValue(1);
    }
}
