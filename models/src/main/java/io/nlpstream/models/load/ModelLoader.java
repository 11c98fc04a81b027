package io.nlpstream.models.load;

import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.Task;
import io.nlpstream.models.batch.BatchListener;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.batch.DynamicBatcher;
import io.nlpstream.models.runtime.OnnxSessionRunner;
import io.nlpstream.models.runtime.OutputSpec;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.tokenize.TextTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Loads a model by built-in name ({@code all-MiniLM-L6-v2-q}, {@code demo-sentiment}, {@code demo-moderation},
 * {@code demo-ner}, {@code demo-qa}) or from a directory in the HF Optimum export layout, into one shared session
 * behind one dynamic batcher. The task is told from the graph's outputs. Anything wrong with the directory fails
 * here, with a {@link ModelLoadException} whose message is one sentence, rather than on the first request.
 */
public final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    /** Longer inputs than BERT-family position tables allow are truncated to this, whatever configs say. */
    static final int HARD_MAX_LENGTH = 512;

    private ModelLoader() {
    }

    /** Loads under its default name: the built-in's name or the directory's. */
    public static LoadedModel load(String nameOrDirectory, SessionSettings session, BatcherSettings batcher) {
        return load(null, nameOrDirectory, session, batcher);
    }

    /** @param displayName the name the model reports in {@link ModelInfo} and logs; {@code null} for the default */
    public static LoadedModel load(String displayName, String nameOrDirectory, SessionSettings session,
                                   BatcherSettings batcher) {
        return load(displayName, nameOrDirectory, session, batcher, DynamicBatcher.DEFAULT_SUBMIT_TIMEOUT,
                BatchListener.NONE);
    }

    /**
     * @param submitTimeout how long a caller blocks on a full queue before its request fails with
     *                      {@link io.nlpstream.models.batch.BatcherOverloadedException}
     * @param listener      sees every batch (for metrics)
     */
    public static LoadedModel load(String displayName, String nameOrDirectory, SessionSettings session,
                                   BatcherSettings batcher, Duration submitTimeout, BatchListener listener) {
        Objects.requireNonNull(nameOrDirectory, "nameOrDirectory");
        Objects.requireNonNull(session, "session settings");
        Objects.requireNonNull(batcher, "batcher settings");
        ModelSource source = ModelSource.resolve(nameOrDirectory);
        String name = displayName == null || displayName.isBlank() ? source.defaultName() : displayName;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            OnnxSessionRunner runner = openSession(name, source, session);
            opened.add(runner);
            Task task = TaskDetector.detect(name, runner.outputs());
            OutputSpec primary = TaskDetector.primaryOutput(task, runner.outputs());
            List<String> labels = labels(name, task, primary, source);
            int dimension = task == Task.FEATURE_EXTRACTION ? dimension(name, primary, source) : 0;
            TextTokenizer tokenizer = tokenizer(name, source);
            opened.add(tokenizer);
            runner.padWith(tokenizer.padId());
            ModelInfo info = new ModelInfo(name, source.version(), task, runner.executionProvider(), labels,
                    maxLength(source));
            DynamicBatcher dynamicBatcher = new DynamicBatcher(name, runner, batcher, submitTimeout, listener);
            LOG.info("Loaded model '{}' ({}, version {}, {} on {}, max {} tokens{})", name, task.id(),
                    info.version(), nameOrDirectory, info.executionProvider(), info.maxSequenceLength(),
                    labels.isEmpty() ? "" : ", labels " + labels);
            return new OnnxLoadedModel(info, runner, tokenizer, dynamicBatcher, source.config().multiLabel()
                    || labels.size() == 1, dimension, source.temporary());
        } catch (RuntimeException e) {
            closeQuietly(opened);
            deleteTemporary(source);
            throw e;
        }
    }

    /** The names {@link #load} accepts besides directories. */
    public static List<String> builtInNames() {
        return Arrays.stream(BuiltInModel.values()).map(BuiltInModel::modelName).toList();
    }

    private static List<String> labels(String name, Task task, OutputSpec primary, ModelSource source) {
        if (task != Task.TEXT_CLASSIFICATION && task != Task.TOKEN_CLASSIFICATION) {
            return List.of();
        }
        List<String> labels = source.config().labels();
        long declared = primary.staticLastDim();
        if (labels.isEmpty()) {
            if (declared < 1) {
                throw new ModelLoadException("Model '" + name + "' has no id2label in config.json and its 'logits'"
                        + " output has no fixed label dimension, so its labels are unknown.");
            }
            // What transformers does for a config without id2label.
            List<String> generic = new ArrayList<>();
            for (int i = 0; i < declared; i++) {
                generic.add("LABEL_" + i);
            }
            return generic;
        }
        if (declared > 0 && declared != labels.size()) {
            throw new ModelLoadException("Model '" + name + "' has " + labels.size() + " labels in config.json but"
                    + " its 'logits' output has " + declared + " columns.");
        }
        return labels;
    }

    private static int dimension(String name, OutputSpec primary, ModelSource source) {
        long declared = primary.staticLastDim();
        if (declared > 0) {
            return (int) declared;
        }
        return source.config().hiddenSize().orElseThrow(() -> new ModelLoadException("Model '" + name
                + "' declares no fixed embedding size on '" + primary.name() + "' and its config.json has no"
                + " hidden_size."));
    }

    /** The token limit a model loaded from {@code source} truncates to (its built-in limit, configs, at most 512). */
    public static int maxLength(ModelSource source) {
        if (source.fixedMaxLength().isPresent()) {
            return source.fixedMaxLength().getAsInt();
        }
        int max = HARD_MAX_LENGTH;
        if (source.config().modelMaxLength().isPresent()) {
            max = Math.min(max, source.config().modelMaxLength().getAsInt());
        }
        if (source.config().maxPositionEmbeddings().isPresent()) {
            max = Math.min(max, source.config().maxPositionEmbeddings().getAsInt());
        }
        return max;
    }

    private static TextTokenizer tokenizer(String name, ModelSource source) {
        try {
            return TextTokenizer.fromFile(source.tokenizerFile());
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model '" + name + "' has a tokenizer.json that cannot be loaded: "
                    + e.getMessage() + ".", e);
        }
    }

    private static void closeQuietly(List<AutoCloseable> opened) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing after a failed load", e);
            }
        }
    }

    /** The ONNX Runtime session of {@code source}'s graph, from its file or (built-ins) its bytes. */
    public static OnnxSessionRunner openSession(String name, ModelSource source, SessionSettings session) {
        return source.modelFile() != null
                ? OnnxSessionRunner.open(name, source.modelFile(), session)
                : OnnxSessionRunner.open(name, source.modelBytes(), session);
    }

    /** Deletes the temporary tokenizer copy of a built-in {@code source}, if it has one. */
    public static void deleteTemporary(ModelSource source) {
        if (source.temporary() != null) {
            try {
                Files.deleteIfExists(source.temporary());
            } catch (IOException e) {
                LOG.debug("cannot delete {}", source.temporary(), e);
            }
        }
    }
}
