package io.nlpstream.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Label;

/** A scenario's values, not only its keys: a sample of enriched events equals {@code infer}'s answer for the text. */
public final class SentimentParity {
    /** int8 scores differ slightly across CPUs; the stream and {@code infer} run on the same one here. */
    private static final double SCORE_TOLERANCE = 1e-4;

    private SentimentParity() {
    }

    /** Up to {@code size} events (evenly spread), each with demo-sentiment's label and score for its text. */
    public static void assertSample(Infrastructure infra, Path dir, List<EnrichedTextEvent> enriched, int size) {
        assertThat(enriched).as("enriched events to sample").isNotEmpty();
        Map<String, EnrichedTextEvent> byText = new LinkedHashMap<>();
        int step = Math.max(1, enriched.size() / size);
        for (int i = 0; i < enriched.size() && byText.size() < size; i += step) {
            byText.putIfAbsent(enriched.get(i).getText(), enriched.get(i));
        }
        List<String> texts = new ArrayList<>(byText.keySet());
        List<JsonNode> expected = InferCommand.run(infra, dir, "infer-sample", texts, "text-classification",
                infra.builtInModel("demo-sentiment"));
        for (int i = 0; i < texts.size(); i++) {
            EnrichedTextEvent event = byText.get(texts.get(i));
            List<Label> labels = EnrichedEvents.result(event, "sentiment").getLabels();
            assertThat(labels).as("labels of %s", event.getId()).hasSize(1);
            assertThat(labels.get(0).getLabel()).as("label of %s", event.getId())
                    .isEqualTo(expected.get(i).get("label").asText());
            assertThat(labels.get(0).getScore()).as("score of %s", event.getId())
                    .isCloseTo(expected.get(i).get("score").asDouble(), within(SCORE_TOLERANCE));
        }
    }
}
