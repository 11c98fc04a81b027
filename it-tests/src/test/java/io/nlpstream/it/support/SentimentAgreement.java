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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Values, not only keys: a sample of a scenario's enriched events (Avro out, a {@code sentiment} step on
 * demo-sentiment) must carry the label and score {@code nlp-stream infer} answers for the same text.
 */
public final class SentimentAgreement {
    private static final double SCORE_TOLERANCE = 1e-4;

    private SentimentAgreement() {
    }

    /**
     * Checks every {@code step}-th record of {@code output} (at least one) against {@code infer}.
     *
     * @return how many events were checked
     */
    public static int assertSampleAgreesWithInfer(Infrastructure infra, Path dir, String scenario, String topic,
                                                  TopicCollector output, int step) {
        Deserializer<EnrichedTextEvent> avro = EnrichedEvents.avro(infra);
        List<ConsumerRecord<byte[], byte[]>> records = output.records();
        Map<String, EnrichedTextEvent> sample = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i += Math.max(1, step)) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            EnrichedTextEvent event = avro.deserialize(topic, record.headers(), record.value());
            sample.put(event.getId(), event);
        }
        assertThat(sample).as("enriched events to check against infer").isNotEmpty();
        List<EnrichedTextEvent> events = new ArrayList<>(sample.values());
        List<String> texts = events.stream().map(EnrichedTextEvent::getText).toList();
        List<JsonNode> expected = InferCommand.run(infra, dir, scenario + "-infer", texts, "text-classification",
                infra.builtInModel("demo-sentiment"));
        for (int i = 0; i < events.size(); i++) {
            EnrichedTextEvent event = events.get(i);
            List<Label> labels = EnrichedEvents.result(event, "sentiment").getLabels();
            assertThat(labels).as("labels of %s", event.getId()).hasSize(1);
            assertThat(labels.get(0).getLabel()).as("label of %s", event.getId())
                    .isEqualTo(expected.get(i).get("label").asText());
            assertThat(labels.get(0).getScore()).as("score of %s", event.getId())
                    .isCloseTo(expected.get(i).get("score").asDouble(), within(SCORE_TOLERANCE));
        }
        return events.size();
    }
}
