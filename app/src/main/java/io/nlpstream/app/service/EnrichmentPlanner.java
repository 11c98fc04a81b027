package io.nlpstream.app.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.PipelineProperties;
import io.nlpstream.app.config.ResponseBaseProperties;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.Task;
import io.nlpstream.models.Lane;
import io.nlpstream.schemas.serde.EventFormat;
import io.nlpstream.topology.BatchSettings;
import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.EventSerdes;
import io.nlpstream.topology.InputSettings;
import io.nlpstream.topology.InvalidTopologySettingsException;
import io.nlpstream.topology.ModelErrorPolicy;
import io.nlpstream.topology.ModelSet;
import io.nlpstream.topology.ModelStep;
import io.nlpstream.topology.EventField;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.ResponseBaseSettings;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.TextLimit;
import io.nlpstream.topology.decision.DecisionSettings;

/**
 * Turns the {@code pipelines} and {@code response-base} configuration into the topology's settings: each model a
 * pipeline names becomes the step its task serves (classify, recognise, answer, rank), and every problem is one
 * sentence naming the configuration key.
 */
public final class EnrichmentPlanner {
    private final ModelCatalog catalog;

    public EnrichmentPlanner(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param serdes the serdes for the formats the plan chose (called once, after every check passed)
     */
    public EnrichmentPlan plan(List<PipelineProperties> pipelines, ResponseBaseProperties responseBase,
                               Function<Map<String, EventFormat>, EventSerdes> serdes) {
        if (pipelines.isEmpty()) {
            throw new InvalidConfigurationException("pipelines must define at least one pipeline.");
        }
        ResponseBaseSettings base = responseBase(responseBase);
        Map<String, EventFormat> formats = new LinkedHashMap<>();
        ModelSet.Builder models = ModelSet.builder();
        Set<String> viewsAdded = new HashSet<>();
        List<PipelineSettings> settings = new ArrayList<>();
        Set<String> topics = new HashSet<>();
        if (base != null) {
            topics.add(base.topic());
            topics.add(base.embeddingsTopic());
            addModel(models, viewsAdded, catalog.entry(base.model()).orElseThrow());
        }
        List<PipelineProperties> ordered = new ArrayList<>(pipelines);
        ordered.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        for (PipelineProperties p : ordered) {
            settings.add(pipeline(p, base, responseBase, formats, models, viewsAdded, topics));
        }
        for (int i = 0; i < settings.size(); i++) {
            // Dead letters may be shared by pipelines, but must never be read back as events.
            if (topics.contains(settings.get(i).deadLetterTopic())) {
                throw new InvalidConfigurationException("pipelines[" + ordered.get(i).getIndex() + "].dead-letter '"
                        + settings.get(i).deadLetterTopic() + "' is also an input, output or response-base topic.");
            }
            // Route topics, likewise: shared by pipelines if need be, never an event topic of any pipeline.
            for (String route : settings.get(i).decisions().routeTopics()) {
                if (topics.contains(route)) {
                    throw new InvalidConfigurationException("pipelines[" + ordered.get(i).getIndex()
                            + "].decisions.actions route to '" + route + "', which is also an input, output or "
                            + "response-base topic.");
                }
            }
        }
        try {
            return new EnrichmentPlan(new EnrichmentSettings(settings, base, serdes.apply(formats)), models.build(),
                    formats);
        } catch (InvalidTopologySettingsException e) {
            throw new InvalidConfigurationException("pipelines are invalid: " + e.getMessage() + ".", e);
        }
    }

    private PipelineSettings pipeline(PipelineProperties p, ResponseBaseSettings base,
                                      ResponseBaseProperties baseProperties, Map<String, EventFormat> formats,
                                      ModelSet.Builder models, Set<String> viewsAdded, Set<String> topics) {
        String key = "pipelines[" + p.getIndex() + "]";
        String name = ConfigValues.required(key + ".name", p.getName());
        if (p.getInputs().isEmpty()) {
            throw new InvalidConfigurationException(key + ".inputs must list at least one input topic.");
        }
        List<InputSettings> inputs = new ArrayList<>();
        for (int i = 0; i < p.getInputs().size(); i++) {
            PipelineProperties.InputProperties in = p.getInputs().get(i);
            String topic = unique(topics, key + ".inputs[" + i + "].topic",
                    ConfigValues.topic(key + ".inputs[" + i + "].topic", in.getTopic()));
            formats.put(topic, ConfigValues.enumValue(key + ".inputs[" + i + "].format", in.getFormat(),
                    EventFormat.class));
            inputs.add(new InputSettings(topic));
        }
        String output = unique(topics, key + ".output", ConfigValues.topic(key + ".output", p.getOutput()));
        formats.put(output, ConfigValues.enumValue(key + ".output-format", p.getOutputFormat(), EventFormat.class));
        String deadLetter = ConfigValues.topic(key + ".dead-letter", p.getDeadLetter());
        if (p.getModels().isEmpty()) {
            throw new InvalidConfigurationException(key + ".models must name at least one model.");
        }
        List<ModelStep> steps = new ArrayList<>();
        List<CatalogEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ModelStep.TextPairFields pair = textPair(key, p);
        String reranker = reranker(key, p, models, viewsAdded);
        for (String model : p.getModels()) {
            if (!seen.add(model)) {
                throw new InvalidConfigurationException(key + ".models names '" + model + "' twice.");
            }
            CatalogEntry entry = catalog.entry(model).orElseThrow(() -> new InvalidConfigurationException(
                    key + ".models names '" + model + "', which is not defined under models.definitions ("
                            + String.join(", ", catalog.entries().stream().map(CatalogEntry::name).toList()) + ")."));
            boolean pairs = p.getTextPair().getModels().contains(model);
            if (pairs && entry.task() != Task.TEXT_CLASSIFICATION) {
                throw new InvalidConfigurationException(key + ".text-pair.models names '" + model + "', a "
                        + entry.task().id() + " model; only text-classification models classify text pairs.");
            }
            steps.add(step(key, entry, base, baseProperties, pairs ? pair : null, reranker));
            entries.add(entry);
            addModel(models, viewsAdded, entry);
        }
        for (String model : p.getTextPair().getModels()) {
            if (!seen.contains(model)) {
                throw new InvalidConfigurationException(key + ".text-pair.models names '" + model
                        + "', which is not in " + key + ".models.");
            }
        }
        if (reranker != null && steps.stream().noneMatch(s -> s instanceof ModelStep.Rank)) {
            throw new InvalidConfigurationException(key + ".rerank is set but the pipeline has no ranking step (a "
                    + "feature-extraction model in " + key + ".models).");
        }
        DecisionSettings decisions = DecisionSettingsReader.read(key, p.getDecisions(), entries, output);
        try {
            return new PipelineSettings(name, inputs, output, deadLetter, steps,
                    new TextLimit(p.getTextLimit().getMaxCodePoints(), ConfigValues.enumValue(
                            key + ".text-limit.policy", p.getTextLimit().getPolicy(), OverLengthPolicy.class)),
                    new EventLimits(p.getLimits().getMaxEventBytes(), p.getLimits().getMaxQuestionCodePoints(),
                            p.getLimits().getMaxMetadataBytes()),
                    new BatchSettings(p.getBatch().getSize(), p.getBatch().getMaxWait(), p.getBatch().getTimeout(),
                            p.getBatch().getMaxInFlight(), p.getBatch().getQueueTimeout()),
                    ConfigValues.enumValue(key + ".model-errors", p.getModelErrors(), ModelErrorPolicy.class),
                    decisions);
        } catch (InvalidTopologySettingsException e) {
            throw new InvalidConfigurationException(key + " is invalid: " + e.getMessage() + ".", e);
        }
    }

    /** The fields {@code text-pair.models} classify, {@code null} when the pipeline classifies no pair. */
    private static ModelStep.TextPairFields textPair(String key, PipelineProperties p) {
        PipelineProperties.TextPairProperties pair = p.getTextPair();
        if (pair.getModels().isEmpty()) {
            return null;
        }
        try {
            return new ModelStep.TextPairFields(EventField.parse(pair.getText()),
                    EventField.parse(ConfigValues.required(key + ".text-pair.text-pair", pair.getTextPair())));
        } catch (InvalidTopologySettingsException e) {
            throw new InvalidConfigurationException(key + ".text-pair is invalid: " + e.getMessage() + ".", e);
        }
    }

    /** The cross-encoder {@code rerank} names, checked and added to the models; {@code null} when unset. */
    private String reranker(String key, PipelineProperties p, ModelSet.Builder models, Set<String> viewsAdded) {
        String name = p.getRerank();
        if (name == null || name.isBlank()) {
            return null;
        }
        CatalogEntry entry = catalog.entry(name).orElseThrow(() -> new InvalidConfigurationException(
                key + ".rerank names '" + name + "', which is not defined under models.definitions."));
        if (entry.task() != Task.TEXT_CLASSIFICATION || entry.model().info().labels().size() != 1) {
            throw new InvalidConfigurationException(key + ".rerank names '" + name + "', a " + entry.task().id()
                    + " model with " + entry.model().info().labels().size() + " labels; a cross-encoder is a "
                    + "text-classification model with one label.");
        }
        addModel(models, viewsAdded, entry);
        return name;
    }

    private static ModelStep step(String key, CatalogEntry entry, ResponseBaseSettings base,
                                  ResponseBaseProperties baseProperties, ModelStep.TextPairFields pair,
                                  String reranker) {
        return switch (entry.task()) {
            case TEXT_CLASSIFICATION -> new ModelStep.Classify(entry.name(), entry.options().classification(), pair);
            case TOKEN_CLASSIFICATION -> new ModelStep.Recognize(entry.name(),
                    entry.options().tokenClassification());
            case QUESTION_ANSWERING -> new ModelStep.Answer(entry.name(), entry.options().questionAnswering());
            case FEATURE_EXTRACTION -> {
                if (base == null || !base.model().equals(entry.name())) {
                    throw new InvalidConfigurationException(key + ".models names the feature-extraction model '"
                            + entry.name() + "', which ranks against a response base, but response-base.model is "
                            + (base == null ? "not set" : "'" + base.model() + "'") + ".");
                }
                yield new ModelStep.Rank(entry.name(), ConfigValues.atLeast("response-base.top-k",
                        baseProperties.getTopK(), 1), reranker);
            }
        };
    }

    private ResponseBaseSettings responseBase(ResponseBaseProperties p) {
        if (!p.isConfigured()) {
            return null;
        }
        CatalogEntry entry = catalog.entry(p.getModel()).orElseThrow(() -> new InvalidConfigurationException(
                "response-base.model is '" + p.getModel() + "', which is not defined under models.definitions."));
        if (entry.task() != Task.FEATURE_EXTRACTION) {
            throw new InvalidConfigurationException("response-base.model '" + p.getModel() + "' is a "
                    + entry.task().id() + " model; ranking needs a feature-extraction (embedding) model.");
        }
        String topic = ConfigValues.topic("response-base.topic", p.getTopic());
        String embeddings = ConfigValues.topic("response-base.embeddings-topic",
                p.getEmbeddingsTopic() == null || p.getEmbeddingsTopic().isBlank() ? topic + "-embeddings"
                        : p.getEmbeddingsTopic());
        try {
            return new ResponseBaseSettings(topic, embeddings, p.getModel(), p.getEmbedTimeout(), p.getSweepInterval());
        } catch (InvalidTopologySettingsException e) {
            throw new InvalidConfigurationException("response-base is invalid: " + e.getMessage() + ".", e);
        }
    }

    /** The pipeline's view of a model submits on the batcher's stream lane (the HTTP API uses the request lane). */
    private static void addModel(ModelSet.Builder models, Set<String> added, CatalogEntry entry) {
        if (!added.add(entry.name())) {
            return;
        }
        if (entry.options().classificationWindows() != null) {
            // the enriched event's ModelResult has no field for the windows read yet: say so rather than truncate
            throw new InvalidConfigurationException("models.definitions." + entry.name() + ".long-text is chunk, "
                    + "which the HTTP API and infer read but pipelines do not yet; use truncate for a model in a "
                    + "pipeline.");
        }
        LoadedModel model = entry.model().onLane(Lane.STREAM);
        switch (entry.task()) {
            case TEXT_CLASSIFICATION -> models.classifier(entry.name(), model.asTextClassifier());
            case TOKEN_CLASSIFICATION -> models.tokenClassifier(entry.name(), model.asTokenClassifier());
            case QUESTION_ANSWERING -> models.answerer(entry.name(), model.asQuestionAnswerer());
            case FEATURE_EXTRACTION -> models.embedder(entry.name(),
                    model.asTextEmbedder(entry.options().featureExtraction()));
        }
    }

    private static String unique(Set<String> topics, String key, String topic) {
        if (!topics.add(topic)) {
            throw new InvalidConfigurationException(key + " '" + topic + "' is already used by another pipeline "
                    + "or the response base.");
        }
        return topic;
    }
}
