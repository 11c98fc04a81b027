package io.nlpstream.app.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micronaut.context.annotation.Context;
import io.nlpstream.app.config.BatchingProperties;
import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.ModelProperties;
import io.nlpstream.app.config.SessionProperties;
import io.nlpstream.app.infer.TaskOptions;
import io.nlpstream.app.metrics.ServiceMetrics;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.ModelLoadException;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.cache.CacheSettings;
import io.nlpstream.models.cache.CachedModel;
import io.nlpstream.models.cache.ResultCache;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.runtime.ExecutionProvider;
import io.nlpstream.models.runtime.GraphOptimization;
import io.nlpstream.models.runtime.SessionSettings;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured model, loaded once at start-up (one shared session, dynamic batcher and result cache each) and
 * warmed up with a real inference, so the first event does not pay for lazy initialisation. Created eagerly: a model that cannot
 * load stops the service before Kafka Streams starts. Closed last, after the streams.
 */
@Context
public final class ModelCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(2);
    static final String WARM_UP_TEXT = "Warming up the model before the first event arrives.";

    private final Map<String, CatalogEntry> entries;
    private volatile boolean warm;

    public ModelCatalog(List<ModelProperties> definitions, SessionProperties session, BatchingProperties batching,
                        ServiceMetrics metrics) {
        if (definitions.isEmpty()) {
            throw new InvalidConfigurationException("models.definitions must define at least one model.");
        }
        SessionSettings sessionSettings = sessionSettings(session);
        BatcherSettings batcherSettings = batcherSettings(batching);
        // Every path first: a typo in the last definition should not wait for the others to load.
        Map<ModelProperties, String> paths = new LinkedHashMap<>();
        for (ModelProperties definition : sorted(definitions)) {
            paths.put(definition, resolvePath(definition));
        }
        Map<String, CacheSettings> caches = new LinkedHashMap<>();
        for (ModelProperties definition : paths.keySet()) {
            caches.put(definition.getName(), CacheSettingsReader.read(definition));
        }
        Map<String, CatalogEntry> loaded = new LinkedHashMap<>();
        try {
            for (Map.Entry<ModelProperties, String> resolved : paths.entrySet()) {
                ModelProperties definition = resolved.getKey();
                String path = resolved.getValue();
                LoadedModel model;
                try {
                    model = ModelLoader.load(definition.getName(), path, sessionSettings, batcherSettings,
                            batching.getSubmitTimeout(), metrics.batchListener(definition.getName()));
                } catch (ModelLoadException e) {
                    throw new ServiceStartException("cannot load model '" + definition.getName() + "': "
                            + e.getMessage(), e);
                }
                try {
                    String provider = model.info().executionProvider();
                    metrics.executionProvider(definition.getName(), provider, sessionSettings.provider().name()
                            .toLowerCase(java.util.Locale.ROOT), device(provider, sessionSettings));
                    TaskOptions options = ModelOptionsReader.read(definition, model.info().task());
                    loaded.put(definition.getName(), new CatalogEntry(definition.getName(), model, options));
                } catch (RuntimeException e) {
                    model.close();
                    throw e;
                }
            }
            for (CatalogEntry entry : loaded.values()) {
                warmUp(entry);
            }
        } catch (RuntimeException e) {
            loaded.values().forEach(entry -> entry.model().close());
            throw e;
        }
        // cached after the warm-up, so its inference is neither stored nor counted
        Map<String, CatalogEntry> cached = new LinkedHashMap<>();
        for (ModelProperties definition : paths.keySet()) {
            CatalogEntry entry = loaded.get(definition.getName());
            cached.put(entry.name(), new CatalogEntry(entry.name(), cached(entry, caches.get(entry.name()), metrics),
                    entry.options()));
        }
        this.entries = Map.copyOf(cached);
        this.warm = true;
    }

    /** For tests and callers that load their own models. */
    ModelCatalog(Map<String, CatalogEntry> entries) {
        this.entries = Map.copyOf(entries);
        this.warm = true;
    }

    public Optional<CatalogEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Collection<CatalogEntry> entries() {
        return entries.values().stream().sorted(Comparator.comparing(CatalogEntry::name)).toList();
    }

    /** Every model loaded and warmed up (and not yet closed). */
    public boolean isWarm() {
        return warm;
    }

    @PreDestroy
    @Override
    public void close() {
        warm = false;
        entries.values().forEach(entry -> entry.model().close());
    }

    /** The model behind its result cache (one per model, shared by every pipeline and the HTTP API), if enabled. */
    private static LoadedModel cached(CatalogEntry entry, CacheSettings settings, ServiceMetrics metrics) {
        if (!settings.enabled()) {
            return entry.model();
        }
        ResultCache cache = new ResultCache(settings);
        metrics.resultCache(entry.name(), cache);
        return new CachedModel(entry.model(), cache);
    }

    /** The CUDA device a model runs on, as {@code /models} and the provider gauge name it; {@code none} on CPU. */
    public static String device(String provider, SessionSettings settings) {
        return ExecutionProvider.CUDA.name().equalsIgnoreCase(provider) ? String.valueOf(settings.deviceId()) : "none";
    }

    private static List<ModelProperties> sorted(List<ModelProperties> definitions) {
        List<ModelProperties> copy = new ArrayList<>(definitions);
        copy.sort(Comparator.comparing(ModelProperties::getName));
        return copy;
    }

    private static String resolvePath(ModelProperties definition) {
        String key = "models.definitions." + definition.getName() + ".path";
        String path = ConfigValues.required(key, definition.getPath());
        if (!ModelLoader.builtInNames().contains(path) && !Files.isDirectory(Path.of(path))) {
            throw new InvalidConfigurationException(key + " is '" + path + "', which is neither a model directory "
                    + "nor a built-in model (" + String.join(", ", ModelLoader.builtInNames()) + ").");
        }
        return path;
    }

    public static SessionSettings sessionSettings(SessionProperties s) {
        return new SessionSettings(
                ConfigValues.enumValue("models.session.provider", s.getProvider(), ExecutionProvider.class),
                ConfigValues.atLeast("models.session.device-id", s.getDeviceId(), 0),
                ConfigValues.atLeast("models.session.intra-op-threads", s.getIntraOpThreads(), 0),
                ConfigValues.atLeast("models.session.inter-op-threads", s.getInterOpThreads(), 0),
                ConfigValues.enumValue("models.session.optimization", s.getOptimization(), GraphOptimization.class),
                Math.max(0, s.getCudaMemoryLimit()),
                s.isAllowSpinning());
    }

    static BatcherSettings batcherSettings(BatchingProperties b) {
        try {
            return new BatcherSettings(b.getMaxBatchSize(), b.getMaxBatchTokens(), b.getMaxWait(),
                    b.getQueueCapacity(), ConfigValues.between("batching.min-padding-efficiency",
                    b.getMinPaddingEfficiency(), 0, 1), ConfigValues.atLeast("batching.workers", b.getWorkers(), 0));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("batching is invalid: " + e.getMessage() + ".", e);
        }
    }

    private static void warmUp(CatalogEntry entry) {
        long start = System.nanoTime();
        LoadedModel model = entry.model();
        TaskOptions options = entry.options();
        try {
            CompletableFuture<?> result = switch (entry.task()) {
                // the view the model will serve: a chunk stride the model cannot take fails here, at start-up
                case TEXT_CLASSIFICATION -> options.classificationWindows() == null
                        ? model.asTextClassifier().classify(WARM_UP_TEXT, options.classification())
                        : model.asWindowedTextClassifier().classify(WARM_UP_TEXT, options.classification(),
                        options.classificationWindows());
                case TOKEN_CLASSIFICATION -> model.asTokenClassifier().recognize(WARM_UP_TEXT,
                        options.tokenClassification());
                case QUESTION_ANSWERING -> model.asQuestionAnswerer().answer(
                        new QaInput("What is this?", WARM_UP_TEXT),
                        options.questionAnswering());
                case FEATURE_EXTRACTION -> model.asTextEmbedder(options.featureExtraction()).embed(WARM_UP_TEXT);
            };
            result.get(WARM_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("interrupted while warming up model '" + entry.name() + "'", e);
        } catch (Exception e) {
            throw new ServiceStartException("cannot load model '" + entry.name() + "': its warm-up inference failed ("
                    + e + ").", e);
        }
        LOG.info("Model '{}' ({}) warm in {} ms on {}", entry.name(), entry.task().id(),
                (System.nanoTime() - start) / 1_000_000, model.info().executionProvider());
    }
}
