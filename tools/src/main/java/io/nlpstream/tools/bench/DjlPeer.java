package io.nlpstream.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ai.djl.ModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.nlpstream.tools.support.TemporaryDirectories;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.load.BuiltInModel;
import io.nlpstream.models.load.ModelConfig;
import io.nlpstream.models.load.ModelSource;
import io.nlpstream.tools.models.BuiltInModelExport;

/**
 * The classification peer: DJL with its ONNX Runtime engine and its HuggingFace text-classification translator on
 * the same ONNX graph and tokenizer, as its users call it: {@code batchPredict} over batches of
 * {@value #BATCH} texts (padded to the longest by DJL's tokenizer), one predictor, DJL's default session options.
 * The translator's last step (logits to sorted labels) runs in Java, see {@link DjlClassificationTranslator}.
 * DJL runs offline: no model zoo, no telemetry.
 */
final class DjlPeer implements Contender {
    /** Our batcher's default largest batch, so both sides batch alike. */
    static final int BATCH = BatcherSettings.DEFAULT_MAX_BATCH_SIZE;
    static final String ENGINE = "OnnxRuntime";

    private final Path extracted;
    private final ZooModel<String, Classifications> model;
    private final Predictor<String, Classifications> predictor;
    private final Timed<String> timed;

    /**
     * @param name            a built-in name or a directory with {@code model.onnx}, {@code tokenizer.json} and
     *                        {@code config.json}
     * @param feedsTokenTypes whether the graph declares {@code token_type_ids} (BERT yes, DistilBERT no)
     */
    DjlPeer(String name, boolean feedsTokenTypes, List<String> texts) {
        stayOffline();
        Optional<BuiltInModel> builtIn = BuiltInModel.byName(name);
        Path copy = null;
        try {
            copy = builtIn.isPresent() ? extract(builtIn.get()) : null;
            ModelConfig config = config(name);
            Criteria<String, Classifications> criteria = Criteria.builder()
                    .setTypes(String.class, Classifications.class)
                    .optModelPath(copy != null ? copy : Path.of(name))
                    .optEngine(ENGINE)
                    .optTranslatorFactory(DjlClassificationTranslator.factory(config.labels(),
                            config.multiLabel() || config.labels().size() == 1))
                    .optArgument("includeTokenTypes", feedsTokenTypes)
                    .optArgument("padding", "true")
                    .optArgument("truncation", "true")
                    .optArgument("maxLength", 512)
                    .build();
            this.model = criteria.loadModel();
            this.predictor = model.newPredictor();
            this.extracted = copy;
        } catch (IOException e) {
            deleteExtracted(copy);
            throw new UncheckedIOException("DJL could not load " + name, e);
        } catch (ModelException e) {
            deleteExtracted(copy);
            throw new IllegalStateException("DJL could not load " + name + ": " + e.getMessage(), e);
        }
        this.timed = new Timed<>(texts, BATCH, batch -> predict(predictor, batch));
    }

    /** DJL otherwise looks for model zoos and, on cloud hosts, reports usage; the benchmark must stay local. */
    static void stayOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    /**
     * Starts DJL's ONNX Runtime engine. It must come before anything else in the JVM touches ONNX Runtime: DJL
     * creates the process-wide {@code OrtEnvironment} with thread-pool options, which ONNX Runtime refuses once an
     * environment exists. Everything created later (our sessions, LangChain4j's) shares that environment, each
     * session still with its own threads.
     */
    static void startEngine() {
        stayOffline();
        Engine.getEngine(ENGINE);
    }

    @Override
    public Rate run(Slice slice) {
        return timed.run(slice);
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        deleteExtracted(extracted);
    }

    private static ModelConfig config(String model) {
        ModelSource source = ModelSource.resolve(model);
        try {
            if (source.config().labels().isEmpty()) {
                throw new IllegalArgumentException("DJL's translator needs id2label in " + model + "'s config.json");
            }
            return source.config();
        } finally {
            ModelLoader.deleteTemporary(source);
        }
    }

    private static int predict(Predictor<String, Classifications> predictor, List<String> batch) {
        try {
            return predictor.batchPredict(batch).size();
        } catch (TranslateException e) {
            throw new IllegalStateException("DJL failed on a batch: " + e.getMessage(), e);
        }
    }

    /** Deletes what {@link #extract} wrote: the model's directory and the temporary one holding it. */
    private static void deleteExtracted(Path modelDir) {
        TemporaryDirectories.deleteRecursively(modelDir == null ? null : modelDir.getParent());
    }

    /** DJL loads models from directories: a built-in's files, exported out of the jar. */
    static Path extract(BuiltInModel model) throws IOException {
        if (model.configResource() == null) {
            throw new IllegalArgumentException(model.modelName() + " has no config.json for DJL's translator");
        }
        return BuiltInModelExport.export(model, Files.createTempDirectory("nlp-stream-bench-djl-"));
    }
}
