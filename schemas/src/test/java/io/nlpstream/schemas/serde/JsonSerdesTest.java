package io.nlpstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.ExtractedAnswer;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.testing.Events;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSerdesTest {
    private final JsonTextEventDeserializer deserializer = new JsonTextEventDeserializer();

    private TextEvent read(String json) {
        return deserializer.deserialize("in", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAFullEvent() {
        TextEvent event = read("""
                {"id":"e1","text":"I love it ✓","question":"what?","language":"en",
                 "eventTime":1714564800000,"metadata":{"source":"app"},"unknownField":[1,2]}""");
        assertThat(event.getId()).isEqualTo("e1");
        assertThat(event.getText()).isEqualTo("I love it ✓");
        assertThat(event.getQuestion()).isEqualTo("what?");
        assertThat(event.getLanguage()).isEqualTo("en");
        assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1714564800000L));
        assertThat(event.getMetadata()).isEqualTo(Map.of("source", "app"));
    }

    @Test
    void optionalFieldsDefaultAndIsoTimesAreAccepted() {
        TextEvent minimal = read("{\"id\":\"e2\",\"text\":\"hello\"}");
        assertThat(minimal.getQuestion()).isNull();
        assertThat(minimal.getEventTime()).isNull();
        assertThat(minimal.getMetadata()).isEmpty();
        assertThat(read("{\"id\":\"e3\",\"text\":\"x\",\"eventTime\":\"2024-05-01T12:00:00Z\",\"question\":null}").getEventTime())
                .isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    }

    @Test
    void defaultedFieldsAreNotSharedBetweenEvents() {
        TextEvent first = read("{\"id\":\"a\",\"text\":\"t\"}");
        first.getMetadata().put("added", "by a consumer");
        assertThat(read("{\"id\":\"b\",\"text\":\"t\"}").getMetadata()).isEmpty();
    }

    @Test
    void nullBytesAreNull() {
        assertThat(deserializer.deserialize("in", null)).isNull();
        assertThat(new JsonEnrichedEventSerializer().serialize("out", null)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON                | hello there                                      | not valid JSON",
            "truncated JSON          | {\"id\":\"a\",\"text\":                           | not valid JSON",
            "two documents           | {\"id\":\"a\",\"text\":\"b\"} {}                  | not valid JSON",
            "duplicate key           | {\"id\":\"a\",\"id\":\"b\",\"text\":\"c\"}          | not valid JSON",
            "empty                   | ''                                               | empty",
            "array                   | [1,2]                                            | $ must be an object",
            "missing id              | {\"text\":\"t\"}                                  | missing required field 'id'",
            "missing text            | {\"id\":\"a\"}                                    | missing required field 'text'",
            "blank id                | {\"id\":\"  \",\"text\":\"t\"}                     | $.id must not be blank",
            "null text               | {\"id\":\"a\",\"text\":null}                       | $.text must be a string, got null",
            "numeric id              | {\"id\":5,\"text\":\"t\"}                          | $.id must be a string, got the number 5",
            "object question         | {\"id\":\"a\",\"text\":\"t\",\"question\":{}}        | $.question must be a string, got an object",
            "fractional time         | {\"id\":\"a\",\"text\":\"t\",\"eventTime\":1.5}      | $.eventTime must be epoch milliseconds",
            "bad time text           | {\"id\":\"a\",\"text\":\"t\",\"eventTime\":\"yesterday\"} | ISO-8601",
            "metadata not an object  | {\"id\":\"a\",\"text\":\"t\",\"metadata\":[]}        | $.metadata must be an object, got an array",
            "metadata number value   | {\"id\":\"a\",\"text\":\"t\",\"metadata\":{\"k\":1}}   | $.metadata.k must be a string, got the number 1",
    })
    void rejectsInvalidEventsWithAClearMessage(String name, String json, String expected) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(expected)
                .hasMessageContaining("topic in");
    }

    @Test
    void blankTextDecodesSoTheTopologyRejectsItAsEmptyTextWhateverTheFormat() {
        assertThat(read("{\"id\":\"a\",\"text\":\"  \"}").getText()).isEqualTo("  ");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] prefix = "{\"id\":\"a\",\"text\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + 3];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        bytes[prefix.length] = (byte) 0xC3;      // a lead byte followed by no continuation
        bytes[prefix.length + 1] = '"';
        bytes[prefix.length + 2] = '}';
        assertThatThrownBy(() -> deserializer.deserialize("in", bytes))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid UTF-8");
        byte[] overlong = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertThatThrownBy(() -> deserializer.deserialize("in", overlong)).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void textEventsRoundTrip() {
        Serde<TextEvent> serde = JsonSerdes.textEvents();
        TextEvent event = Events.sample();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", event))).isEqualTo(event);
    }

    @Test
    void enrichedEventsAreWrittenAsPlainJsonAndRoundTrip() throws Exception {
        EnrichedTextEvent event = EnrichedTextEvent.newBuilder()
                .setId("1").setText("Paris is nice").setLanguage(null).setEventTime(Instant.ofEpochMilli(5))
                .setMetadata(Map.of("k", "v")).setProcessingLatencyMs(3).setBatchSize(2)
                .setResults(List.of(
                        ModelResult.newBuilder().setModel("sentiment").setModelVersion("1").setTask("text-classification")
                                .setLabels(List.of(new Label("POSITIVE", 0.75))).build(),
                        ModelResult.newBuilder().setModel("ner").setModelVersion("2").setTask("token-classification")
                                .setEntities(List.of(new NamedEntity("LOC", "Paris", 0, 5, 0.5))).build(),
                        ModelResult.newBuilder().setModel("qa").setModelVersion("3").setTask("question-answering")
                                .setAnswers(List.of(new ExtractedAnswer("nice", 9, 13, 0.25)))
                                .setError("partial").build()))
                .build();
        byte[] bytes = new JsonEnrichedEventSerializer().serialize("out", event);
        JsonNode json = new ObjectMapper().readTree(bytes);
        assertThat(json.get("language").isNull()).isTrue();
        assertThat(json.get("eventTime").asLong()).isEqualTo(5);
        assertThat(json.get("metadata").get("k").asText()).isEqualTo("v");
        assertThat(json.at("/results/0/labels/0/label").asText()).isEqualTo("POSITIVE");
        assertThat(json.at("/results/0/labels/0/score").asDouble()).isEqualTo(0.75);
        assertThat(json.at("/results/1/entities/0/group").asText()).isEqualTo("LOC");
        assertThat(json.at("/results/2/error").asText()).isEqualTo("partial");
        assertThat(json.at("/results/0/error").isNull()).isTrue();

        Serde<EnrichedTextEvent> serde = JsonSerdes.enrichedEvents();
        assertThat(serde.deserializer().deserialize("out", bytes)).isEqualTo(event);
    }

    @Test
    void aRecordThatBreaksItsSchemaIsAnInvalidEventNotACrash() {
        TextEvent broken = Events.sample();
        broken.setText(null);
        assertThatThrownBy(() -> JsonSerdes.textEvents().serializer().serialize("t", broken))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("TextEvent");
    }

    @Test
    void eventFormatBuildsSerdes() {
        assertThat(EventFormat.JSON.textEventSerde(null, Map.of()).deserializer()).isInstanceOf(JsonTextEventDeserializer.class);
        assertThat(EventFormat.JSON.enrichedEventSerde(null, Map.of()).serializer()).isInstanceOf(JsonEnrichedEventSerializer.class);
        assertThatThrownBy(() -> EventFormat.AVRO.textEventSerde(null, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
