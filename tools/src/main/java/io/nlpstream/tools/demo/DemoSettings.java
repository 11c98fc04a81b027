package io.nlpstream.tools.demo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo's topics, models and the service configuration it runs: one pipeline over JSON events with every
 * built-in model, Avro output through the registry, a dead-letter topic, a response base for ranking, and
 * decisions: abusive chat goes to review (copied to the review topic), spam is hidden (decided, not routed).
 */
record DemoSettings(String bootstrapServers, String schemaRegistryUrl, int httpPort, Path stateDir,
                    String applicationId) {
    static final String INPUT_TOPIC = "demo-events";
    static final String OUTPUT_TOPIC = "demo-events-enriched";
    static final String DEAD_LETTER_TOPIC = "demo-events-dlq";
    /** Where the pipeline's {@code review} action copies the events a person should look at. */
    static final String REVIEW_TOPIC = "demo-events-review";
    static final String RESPONSE_BASE_TOPIC = "demo-response-base";
    static final String EMBEDDINGS_TOPIC = "demo-response-base-embeddings";
    static final int PARTITIONS = 3;
    static final String PIPELINE = "demo";

    /** Pipeline order; the table shows one column per model in this order. */
    static final List<String> MODELS = List.of("sentiment", "moderation", "ner", "qa", "ranker");
    static final List<String> MULTI_LABEL_MODELS = List.of("moderation");
    static final int RANKING_TOP_K = 3;

    /** A fresh application id per run, so an external cluster never resumes an earlier demo's state. */
    static String freshApplicationId() {
        return "nlp-stream-demo-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The service configuration, in the shape of {@code application.yml}. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.server.port", httpPort);
        p.put("kafka.bootstrap-servers", bootstrapServers);
        p.put("kafka.application-id", applicationId);
        p.put("kafka.state-dir", stateDir.toString());
        p.put("schema-registry.url", schemaRegistryUrl);
        p.put("models.definitions.sentiment.path", "demo-sentiment");
        p.put("models.definitions.moderation.path", "demo-moderation");
        p.put("models.definitions.moderation.top-k", 0);
        p.put("models.definitions.ner.path", "demo-ner");
        p.put("models.definitions.ner.aggregation-strategy", "simple");
        p.put("models.definitions.qa.path", "demo-qa");
        p.put("models.definitions.ranker.path", "all-MiniLM-L6-v2-q");
        p.put("models.definitions.ranker.pooling", "mean");
        p.put("models.definitions.ranker.normalize", true);
        p.put("response-base.topic", RESPONSE_BASE_TOPIC);
        p.put("response-base.embeddings-topic", EMBEDDINGS_TOPIC);
        p.put("response-base.model", "ranker");
        p.put("response-base.top-k", RANKING_TOP_K);
        p.put("pipelines", List.of(Map.of(
                "name", PIPELINE,
                "inputs", List.of(Map.of("topic", INPUT_TOPIC, "format", "JSON")),
                "output", OUTPUT_TOPIC,
                "output-format", "AVRO",
                "dead-letter", DEAD_LETTER_TOPIC,
                "models", MODELS,
                // A demo's trickle of events rarely fills a batch: a shorter wait than the service's shows each
                // result sooner.
                "batch", Map.of("max-wait", "20ms"),
                "decisions", Map.of(
                        "thresholds", List.of(Map.of("model", "moderation", "threshold", 0.5)),
                        "rules", List.of(
                                Map.of("name", "abusive", "any", List.of("toxic", "insult", "threat"),
                                        "action", "review"),
                                Map.of("name", "spam", "any", List.of("spam"), "action", "hide")),
                        "actions", List.of(Map.of("name", "review", "topic", REVIEW_TOPIC),
                                Map.of("name", "hide"))))));
        return p;
    }
}
