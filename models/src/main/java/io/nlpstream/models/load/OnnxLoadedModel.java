package io.nlpstream.models.load;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.Task;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.WindowedTextClassifier;
import io.nlpstream.models.batch.DynamicBatcher;
import io.nlpstream.models.Lane;
import io.nlpstream.models.head.ClassificationHead;
import io.nlpstream.models.head.EmbeddingHead;
import io.nlpstream.models.head.QuestionAnsweringHead;
import io.nlpstream.models.head.TaskHead;
import io.nlpstream.models.head.TokenClassificationHead;
import io.nlpstream.models.head.WindowedClassificationHead;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.models.result.Entity;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.result.WindowedLabels;
import io.nlpstream.models.runtime.OnnxSessionRunner;
import io.nlpstream.models.tokenize.TextTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One session, one tokenizer, one batcher; the views are thin: each call picks (or makes) the head for its options
 * and submits through the shared batcher.
 */
final class OnnxLoadedModel implements LoadedModel {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxLoadedModel.class);

    /** Options come from requests (top_k, ...); cap the cache so odd values cannot grow it without bound. */
    private static final int MAX_CACHED_HEADS = 64;

    private final ModelInfo info;
    private final OnnxSessionRunner runner;
    private final TextTokenizer tokenizer;
    private final DynamicBatcher batcher;
    private final boolean multiLabel;
    private final int dimension;
    private final Path temporary;
    private final Map<Object, TaskHead<?, ?>> heads;
    private final Lane lane;

    OnnxLoadedModel(ModelInfo info, OnnxSessionRunner runner, TextTokenizer tokenizer, DynamicBatcher batcher,
                    boolean multiLabel, int dimension, Path temporary) {
        this(info, runner, tokenizer, batcher, multiLabel, dimension, temporary, new ConcurrentHashMap<>(),
                Lane.REQUEST);
    }

    private OnnxLoadedModel(ModelInfo info, OnnxSessionRunner runner, TextTokenizer tokenizer, DynamicBatcher batcher,
                            boolean multiLabel, int dimension, Path temporary, Map<Object, TaskHead<?, ?>> heads,
                            Lane lane) {
        this.heads = heads;
        this.lane = lane;
        this.info = info;
        this.runner = runner;
        this.tokenizer = tokenizer;
        this.batcher = batcher;
        this.multiLabel = multiLabel;
        this.dimension = dimension;
        this.temporary = temporary;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public LoadedModel onLane(Lane lane) {
        return lane == this.lane ? this : new OnnxLoadedModel(info, runner, tokenizer, batcher, multiLabel, dimension,
                temporary, heads, lane);
    }

    @Override
    public Optional<Duration> longestRunningCall() {
        return batcher.longestRunningCall();
    }

    @Override
    public TextClassifier asTextClassifier() {
        requireTask(Task.TEXT_CLASSIFICATION);
        return new TextClassifier() {
            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options) {
                TaskHead<TextInput, List<LabelScore>> head = head(options, o -> new ClassificationHead(tokenizer,
                        info.maxSequenceLength(), info.labels(), multiLabel, o));
                return batcher.submit(head, input, lane);
            }
        };
    }

    @Override
    public WindowedTextClassifier asWindowedTextClassifier() {
        requireTask(Task.TEXT_CLASSIFICATION);
        return new WindowedTextClassifier() {
            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public CompletableFuture<WindowedLabels> classify(String text, ClassificationOptions options,
                                                              WindowOptions windows) {
                TaskHead<String, WindowedLabels> head = head(List.of(options, windows),
                        o -> new WindowedClassificationHead(tokenizer, info.maxSequenceLength(), info.labels(),
                                multiLabel, options, windows));
                return batcher.submit(head, text, lane);
            }
        };
    }

    @Override
    public TokenClassifier asTokenClassifier() {
        requireTask(Task.TOKEN_CLASSIFICATION);
        return new TokenClassifier() {
            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public CompletableFuture<List<Entity>> recognize(String text, TokenClassificationOptions options) {
                TaskHead<String, List<Entity>> head = head(options, o -> new TokenClassificationHead(tokenizer,
                        info.maxSequenceLength(), info.labels(), o));
                return batcher.submit(head, text, lane);
            }
        };
    }

    @Override
    public QuestionAnswerer asQuestionAnswerer() {
        requireTask(Task.QUESTION_ANSWERING);
        return new QuestionAnswerer() {
            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public CompletableFuture<List<Answer>> answer(QaInput input, QaOptions options) {
                TaskHead<QaInput, List<Answer>> head = head(options,
                        o -> new QuestionAnsweringHead(tokenizer, withinModelLimit(o)));
                return batcher.submit(head, input, lane);
            }
        };
    }

    @Override
    public TextEmbedder asTextEmbedder(EmbeddingOptions options) {
        requireTask(Task.FEATURE_EXTRACTION);
        EmbeddingOptions limited = new EmbeddingOptions(options.pooling(), options.normalize(),
                Math.min(options.maxLength(), info.maxSequenceLength()));
        EmbeddingHead head = new EmbeddingHead(tokenizer, limited);
        return new TextEmbedder() {
            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public CompletableFuture<float[]> embed(String text) {
                return batcher.submit(head, text, lane);
            }
        };
    }

    /** Windows longer than the model's position table would fail in the graph: keep them within it. */
    private QaOptions withinModelLimit(QaOptions options) {
        if (options.maxSeqLen() <= info.maxSequenceLength()) {
            return options;
        }
        int maxSeqLen = info.maxSequenceLength();
        return new QaOptions(options.topK(), Math.min(options.docStride(), maxSeqLen / 2), maxSeqLen,
                Math.min(options.maxQuestionLen(), maxSeqLen / 2), options.maxAnswerLen(),
                options.handleImpossibleAnswer(), options.wholeContext());
    }

    @SuppressWarnings("unchecked")
    private <K, H extends TaskHead<?, ?>> H head(K options, Function<K, H> factory) {
        TaskHead<?, ?> cached = heads.get(options);
        if (cached != null) {
            return (H) cached;
        }
        H head = factory.apply(options);
        if (heads.size() < MAX_CACHED_HEADS) {
            heads.putIfAbsent(options, head);
        }
        return head;
    }

    private void requireTask(Task wanted) {
        if (info.task() != wanted) {
            throw new ModelLoadException("Model '" + info.name() + "' serves " + info.task().id() + ", not "
                    + wanted.id() + ".");
        }
    }

    @Override
    public void close() {
        batcher.close();
        runner.close();
        tokenizer.close();
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", temporary, e);
            }
        }
    }
}
