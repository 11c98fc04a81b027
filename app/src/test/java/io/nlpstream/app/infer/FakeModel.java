package io.nlpstream.app.infer;

import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.Task;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.Lane;
import io.nlpstream.models.options.AggregationStrategy;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.result.LabelScore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link LoadedModel} whose views answer deterministically from the text, so tests can predict every output:
 * classification labels "len-even"/"len-odd" by text length, one entity per text, the answer is the context's first
 * word, the embedding is {@code [length, 0.5]}. A text equal to {@code "boom"} fails like a model error.
 */
public final class FakeModel implements LoadedModel {
    private final Task task;
    private final List<String> labels;
    volatile boolean closed;
    EmbeddingOptions embeddingOptions;
    /** The options of the last token-classification or question-answering call. */
    volatile Object lastOptions;

    public FakeModel(Task task) {
        this(task, List.of("len-even", "len-odd"));
    }

    /** A model reporting these labels (a cross-encoder has one); classification still answers len-even/len-odd. */
    public FakeModel(Task task, List<String> labels) {
        this.task = task;
        this.labels = List.copyOf(labels);
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "1", task, "CPU", labels, 512);
    }

    /** Completed: answers are computed at once; see {@link #hold()}. */
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** Answers wait until the returned runnable runs, as a busy model's would. */
    public Runnable hold() {
        CompletableFuture<Void> held = new CompletableFuture<>();
        gate = held;
        return () -> held.complete(null);
    }

    private <T> CompletableFuture<T> result(String text, java.util.function.Supplier<T> value) {
        if (text.equals("boom")) {
            return CompletableFuture.failedFuture(new IllegalStateException("session failed"));
        }
        return gate.thenApplyAsync(ignored -> value.get());
    }

    @Override
    public LoadedModel onLane(Lane lane) {
        return this;
    }

    @Override
    public Optional<Duration> longestRunningCall() {
        return Optional.empty();
    }

    @Override
    public TextClassifier asTextClassifier() {
        requireTask(Task.TEXT_CLASSIFICATION);
        return new TextClassifier() {
            @Override
            public ModelInfo info() {
                return FakeModel.this.info();
            }

            @Override
            public CompletableFuture<List<LabelScore>> classify(TextInput input,
                                                               io.nlpstream.models.options.ClassificationOptions options) {
                String text = input.isPair() ? input.text() + input.textPair() : input.text();
                return result(text, () -> {
                    LabelScore even = new LabelScore("len-even", text.length() % 2 == 0 ? 0.75 : 0.25);
                    LabelScore odd = new LabelScore("len-odd", 1 - even.score());
                    List<LabelScore> sorted = even.score() > odd.score() ? List.of(even, odd) : List.of(odd, even);
                    if (options.singleBest()) {
                        return sorted.subList(0, 1);
                    }
                    return options.topK() == 0 ? sorted : sorted.subList(0, Math.min(options.topK(), 2));
                });
            }
        };
    }

    /** Labels as {@link #asTextClassifier()} gives them, one window per started 100 chars. */
    @Override
    public io.nlpstream.models.WindowedTextClassifier asWindowedTextClassifier() {
        TextClassifier plain = asTextClassifier();
        return new io.nlpstream.models.WindowedTextClassifier() {
            @Override
            public ModelInfo info() {
                return FakeModel.this.info();
            }

            @Override
            public CompletableFuture<io.nlpstream.models.result.WindowedLabels> classify(String text,
                    io.nlpstream.models.options.ClassificationOptions options,
                    io.nlpstream.models.options.WindowOptions windows) {
                lastOptions = windows;
                return plain.classify(text, options).thenApply(labels ->
                        new io.nlpstream.models.result.WindowedLabels(labels, 1 + text.length() / 100));
            }
        };
    }

    @Override
    public TokenClassifier asTokenClassifier() {
        requireTask(Task.TOKEN_CLASSIFICATION);
        return new TokenClassifier() {
            @Override
            public ModelInfo info() {
                return FakeModel.this.info();
            }

            @Override
            public CompletableFuture<List<Entity>> recognize(String text, io.nlpstream.models.options.TokenClassificationOptions options) {
                lastOptions = options;
                return result(text, () -> options.aggregation() == AggregationStrategy.NONE
                        ? List.of(new Entity("B-PER", 0.5, text, 0, text.length(), 1))
                        : List.of(new Entity("PER", 0.5, text, 0, text.length(), null)));
            }
        };
    }

    @Override
    public QuestionAnswerer asQuestionAnswerer() {
        requireTask(Task.QUESTION_ANSWERING);
        return new QuestionAnswerer() {
            @Override
            public ModelInfo info() {
                return FakeModel.this.info();
            }

            @Override
            public CompletableFuture<List<Answer>> answer(io.nlpstream.models.input.QaInput input, io.nlpstream.models.options.QaOptions options) {
                lastOptions = options;
                return result(input.context(), () -> {
                    List<Answer> answers = new ArrayList<>();
                    for (int k = 0; k < options.topK(); k++) {
                        String word = input.context().split(" ")[0];
                        answers.add(new Answer(0.9 / (k + 1), 0, word.length(), word));
                    }
                    return answers;
                });
            }
        };
    }

    @Override
    public TextEmbedder asTextEmbedder(EmbeddingOptions options) {
        requireTask(Task.FEATURE_EXTRACTION);
        embeddingOptions = options;
        return new TextEmbedder() {
            @Override
            public ModelInfo info() {
                return FakeModel.this.info();
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public CompletableFuture<float[]> embed(String text) {
                return result(text, () -> new float[] {text.length(), 0.1f});
            }
        };
    }

    private void requireTask(Task wanted) {
        if (task != wanted) {
            throw new ModelLoadException("the fake model serves " + task.id() + ", not " + wanted.id());
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
