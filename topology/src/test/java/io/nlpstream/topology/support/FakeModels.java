package io.nlpstream.topology.support;

import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.Task;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.result.LabelScore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic fake models. Any model fails on a text containing {@value #FAIL} and never answers on a text
 * containing {@value #HANG}; each counts its calls.
 */
public final class FakeModels {
    public static final String FAIL = "#fail";
    public static final String HANG = "#hang";

    private FakeModels() {
    }

    static ModelInfo info(String name, String version, Task task) {
        return new ModelInfo(name, version, task, "CPU", List.of(), 512);
    }

    static <T> CompletableFuture<T> answer(String text, AtomicInteger calls, java.util.function.Supplier<T> value) {
        calls.incrementAndGet();
        if (text.contains(FAIL)) {
            return CompletableFuture.failedFuture(new IllegalStateException("model failed on purpose"));
        }
        if (text.contains(HANG)) {
            return new CompletableFuture<>();
        }
        return CompletableFuture.completedFuture(value.get());
    }

    /** POSITIVE when the text contains "good", else NEGATIVE; score 0.9. */
    public static final class Sentiment implements TextClassifier {
        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public ModelInfo info() {
            return FakeModels.info("fake-sentiment", "s1", Task.TEXT_CLASSIFICATION);
        }

        @Override
        public CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options) {
            String text = input.text();
            return answer(text, calls, () -> List.of(new LabelScore(text.contains("good") ? "POSITIVE" : "NEGATIVE",
                    0.9)));
        }
    }

    /** Every capitalised word is a PER entity (code point offsets equal char offsets for ASCII). */
    public static final class Names implements TokenClassifier {
        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public ModelInfo info() {
            return FakeModels.info("fake-ner", "n1", Task.TOKEN_CLASSIFICATION);
        }

        @Override
        public CompletableFuture<List<Entity>> recognize(String text, TokenClassificationOptions options) {
            return answer(text, calls, () -> {
                List<Entity> entities = new ArrayList<>();
                int start = 0;
                for (String word : text.split(" ", -1)) {
                    if (!word.isEmpty() && Character.isUpperCase(word.charAt(0))) {
                        entities.add(new Entity("PER", 0.8, word, start, start + word.length(), null));
                    }
                    start += word.length() + 1;
                }
                return entities;
            });
        }
    }

    /** The first word of the context. */
    public static final class FirstWord implements QuestionAnswerer {
        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public ModelInfo info() {
            return FakeModels.info("fake-qa", "q1", Task.QUESTION_ANSWERING);
        }

        @Override
        public CompletableFuture<List<Answer>> answer(QaInput input, QaOptions options) {
            return FakeModels.answer(input.context(), calls, () -> {
                String first = input.context().split(" ")[0];
                return List.of(new Answer(0.7, 0, first.length(), first));
            });
        }
    }

    /** Letter histogram a..h (plus one) as the vector; the version is settable to simulate an upgrade. */
    public static final class Letters implements TextEmbedder {
        public final AtomicInteger calls = new AtomicInteger();
        private final String version;

        public Letters(String version) {
            this.version = version;
        }

        @Override
        public ModelInfo info() {
            return FakeModels.info("fake-embedder", version, Task.FEATURE_EXTRACTION);
        }

        @Override
        public int dimension() {
            return 8;
        }

        @Override
        public CompletableFuture<float[]> embed(String text) {
            return answer(text, calls, () -> vector(text));
        }

        public static float[] vector(String text) {
            float[] v = new float[8];
            v[0] = 1;
            for (char c : text.toLowerCase().toCharArray()) {
                if (c >= 'a' && c <= 'g') {
                    v[c - 'a' + 1]++;
                }
            }
            return v;
        }
    }

    /**
     * A cross-encoder: one label, "relevant", scored as the share of the pair's second text's words found in its
     * first text (a single text scores 0); the text seen for {@link #FAIL} and {@link #HANG} is the pair joined.
     */
    public static final class PairOverlap implements TextClassifier {
        public final AtomicInteger calls = new AtomicInteger();
        public final List<TextInput> inputs = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Pairs containing this also fail (the embedder would fail on {@link #FAIL} before the pair is made). */
        public volatile String failOn = FAIL;

        @Override
        public ModelInfo info() {
            return new ModelInfo("fake-cross-encoder", "c1", Task.TEXT_CLASSIFICATION, "CPU", List.of("relevant"),
                    512);
        }

        @Override
        public CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options) {
            inputs.add(input);
            String joined = input.isPair() ? input.text() + " " + input.textPair() : input.text();
            if (joined.contains(failOn)) {
                calls.incrementAndGet();
                return CompletableFuture.failedFuture(new IllegalStateException("model failed on purpose"));
            }
            return answer(joined, calls, () -> List.of(new LabelScore("relevant", overlap(input))));
        }

        public static double overlap(TextInput input) {
            if (!input.isPair()) {
                return 0;
            }
            java.util.Set<String> words = java.util.Set.of(input.text().toLowerCase().split(" "));
            String[] candidates = input.textPair().toLowerCase().split(" ");
            long found = java.util.Arrays.stream(candidates).filter(words::contains).count();
            return (double) found / candidates.length;
        }
    }
}
