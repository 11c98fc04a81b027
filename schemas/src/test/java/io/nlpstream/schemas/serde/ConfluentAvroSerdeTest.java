package io.nlpstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.IncompatibleSchemaException;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.testing.Events;
import io.nlpstream.schemas.testing.InMemorySchemaRegistryClient;
import io.nlpstream.schemas.testing.StubRegistryServer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serdes over an {@link InMemorySchemaRegistryClient} (the registry's semantics without HTTP): framing, schema
 * resolution, what they cache, how they fail. The REST client has its own tests; the config-driven path, which
 * builds that client from a URL, runs against {@link StubRegistryServer}.
 */
class ConfluentAvroSerdeTest {
    private InMemorySchemaRegistryClient client;

    @BeforeEach
    void start() {
        client = new InMemorySchemaRegistryClient();
    }

    private ConfluentAvroSerde<TextEvent> textEvents() {
        return ConfluentAvroSerde.specific(TextEvent.class, client, false, Map.of());
    }

    @Test
    void writesExactConfluentFramingForAKnownRecordAndId() {
        TextEvent minimal = TextEvent.newBuilder().setId("a").setText("hi").build();
        byte[] bytes = textEvents().serializer().serialize("events", minimal);
        // magic 0, id 1 big-endian, then Avro: "a", "hi", three null union branches, empty map.
        assertThat(bytes).containsExactly(0, 0, 0, 0, 1, 0x02, 'a', 0x04, 'h', 'i', 0, 0, 0, 0);

        byte[] full = textEvents().serializer().serialize("events", Events.sample());
        assertThat(full).containsExactly(0, 0, 0, 0, 1,
                0x02, 'a', 0x04, 'h', 'i',
                0x02, 0x02, 'q',           // question: branch 1 (string), "q"
                0x00,                      // language: null
                0x02, 0xD0 - 256, 0x0F,    // eventTime: branch 1, zigzag(1000) = 2000 as varint D0 0F
                0x02, 0x02, 'k', 0x02, 'v', 0x00); // one map entry k -> v, end of blocks
    }

    @Test
    void headerCarriesTheIdBigEndian() {
        byte[] header = new byte[5];
        WireFormat.writeHeader(header, 0x01020304);
        assertThat(header).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId(new byte[] {0, (byte) 0x80, 0, 0, 7})).isEqualTo(0x80000007);
    }

    @Test
    void roundTripsSpecificRecordsAndRegistersUnderTheTopicSubject() {
        var serde = textEvents();
        TextEvent event = Events.sample();
        TextEvent back = serde.deserializer().deserialize("events", serde.serializer().serialize("events", event));
        assertThat(back).isEqualTo(event);
        assertThat(back.getEventTime()).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(client.latest("events-value").schema()).isEqualTo(TextEvent.getClassSchema());
    }

    @Test
    void roundTripsNestedEnrichedEvents() {
        var serde = ConfluentAvroSerde.specific(EnrichedTextEvent.class, client, false, Map.of());
        EnrichedTextEvent event = EnrichedTextEvent.newBuilder()
                .setId("1").setText("great").setProcessingLatencyMs(12).setBatchSize(4)
                .setResults(List.of(ModelResult.newBuilder().setModel("sentiment").setModelVersion("1").setTask("text-classification")
                        .setLabels(List.of(new Label("POSITIVE", 0.98))).build()))
                .build();
        assertThat(serde.deserializer().deserialize("out", serde.serializer().serialize("out", event))).isEqualTo(event);
    }

    @Test
    void roundTripsGenericRecordsWithTheWriterSchema() {
        Schema schema = SchemaBuilder.record("Ping").namespace("test").fields()
                .requiredString("name").optionalInt("count").endRecord();
        GenericRecord record = new GenericData.Record(schema);
        record.put("name", "x");
        record.put("count", 3);
        var serde = ConfluentAvroSerde.generic(client, false, Map.of());
        GenericRecord back = serde.deserializer().deserialize("pings", serde.serializer().serialize("pings", record));
        assertThat(back.getSchema()).isEqualTo(schema);
        assertThat(back.get("name").toString()).isEqualTo("x");
        assertThat(back.get("count")).isEqualTo(3);
    }

    @Test
    void configDrivenSerdeReadsSpecificRecordsWhenAsked() {
        try (StubRegistryServer registry = StubRegistryServer.start()) {
            configDrivenSerdeReadsSpecificRecordsWhenAsked(registry.url());
            assertThat(registry.registry().latest("t-value").schema()).isEqualTo(TextEvent.getClassSchema());
        }
    }

    private static void configDrivenSerdeReadsSpecificRecordsWhenAsked(String url) {
        Map<String, Object> config = new HashMap<>(Events.clientConfig(url));
        config.put("specific.avro.reader", "true");
        try (ConfluentAvroSerde<TextEvent> serde = new ConfluentAvroSerde<>()) {
            serde.configure(config, false);
            Object back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", Events.sample()));
            assertThat(back).isInstanceOf(TextEvent.class).isEqualTo(Events.sample());
        }
        config.put("specific.avro.reader", "false");
        ConfluentAvroDeserializer<Object> generic = new ConfluentAvroDeserializer<>();
        generic.configure(config, false);
        ConfluentAvroSerializer<TextEvent> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(config, false);
        Object back = generic.deserialize("t", serializer.serialize("t", Events.sample()));
        assertThat(back).isInstanceOf(GenericData.Record.class);
        assertThat(((GenericRecord) back).get("text").toString()).isEqualTo("hi");
    }

    @Test
    void oldWriterIsResolvedIntoTheNewReader() {
        // TextEvent as it might have looked before question/language/eventTime/metadata existed.
        Schema v0 = SchemaBuilder.record("TextEvent").namespace("io.nlpstream.schemas.avro").fields()
                .requiredString("id").requiredString("text").endRecord();
        GenericRecord old = new GenericData.Record(v0);
        old.put("id", "7");
        old.put("text", "old");
        byte[] bytes = ConfluentAvroSerde.generic(client, false, Map.of()).serializer().serialize("legacy", old);

        TextEvent read = textEvents().deserializer().deserialize("legacy", bytes);
        assertThat(read.getId()).isEqualTo("7");
        assertThat(read.getQuestion()).isNull();
        assertThat(read.getMetadata()).isEmpty();
        read.getMetadata().put("mutated", "by a consumer");
        assertThat(textEvents().deserializer().deserialize("legacy", bytes).getMetadata()).isEmpty();
    }

    @Test
    void newWriterIsReadByAnOlderReaderIgnoringAddedFields() {
        Schema newer = SchemaBuilder.record("TextEvent").namespace("io.nlpstream.schemas.avro").fields()
                .requiredString("id").requiredString("text")
                .name("question").type().optional().stringType()
                .name("language").type().optional().stringType()
                .name("eventTime").type().optional().longType()
                .name("metadata").type().map().values().stringType().mapDefault(Map.of())
                .name("source").type().optional().stringType()
                .endRecord();
        GenericRecord record = new GenericData.Record(newer);
        record.put("id", "8");
        record.put("text", "new");
        record.put("metadata", Map.of());
        record.put("source", "crawler");
        byte[] bytes = ConfluentAvroSerde.generic(client, false, Map.of()).serializer().serialize("ahead", record);

        TextEvent read = textEvents().deserializer().deserialize("ahead", bytes);
        assertThat(read.getId()).isEqualTo("8");
        assertThat(read.getText()).isEqualTo("new");
    }

    @Test
    void secondSerializeAndDeserializeAskTheRegistryNothing() {
        var serde = textEvents();
        byte[] first = serde.serializer().serialize("events", Events.sample());
        serde.deserializer().deserialize("events", first);
        long afterWarmUp = client.calls();
        assertThat(afterWarmUp).isPositive();
        for (int i = 0; i < 5; i++) {
            serde.deserializer().deserialize("events", serde.serializer().serialize("events", Events.sample()));
        }
        assertThat(client.calls()).isEqualTo(afterWarmUp);
    }

    @Test
    void deserializerFetchesTheWriterSchemaOnceById() {
        byte[] bytes = textEvents().serializer().serialize("events", Events.sample());
        var deserializer = ConfluentAvroSerde.specific(TextEvent.class, client, false, Map.of()).deserializer();
        long before = client.calls();
        deserializer.deserialize("events", bytes);
        deserializer.deserialize("events", bytes);
        assertThat(client.calls() - before).isEqualTo(1);
    }

    @Test
    void withoutAutoRegisterOnlyLooksUp() {
        Serializer<TextEvent> lookupOnly = ConfluentAvroSerde.specific(TextEvent.class, client, false,
                Map.of("auto.register.schemas", "false")).serializer();
        assertThatThrownBy(() -> lookupOnly.serialize("events", Events.sample()))
                .isInstanceOf(SchemaNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40401));

        int id = textEvents().serializer().serialize("events", Events.sample())[4];
        byte[] bytes = ConfluentAvroSerde.specific(TextEvent.class, client, false,
                Map.of("auto.register.schemas", false)).serializer().serialize("events", Events.sample());
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }

    @Test
    void useLatestVersionFramesWithTheLatestIdAndRejectsADifferentSchema() {
        int id = WireFormat.schemaId(textEvents().serializer().serialize("events", Events.sample()));
        Map<String, Object> latest = Map.of("use.latest.version", "true", "auto.register.schemas", "false");
        byte[] bytes = ConfluentAvroSerde.specific(TextEvent.class, client, false, latest).serializer()
                .serialize("events", Events.sample());
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);

        Schema other = SchemaBuilder.record("TextEvent").namespace("io.nlpstream.schemas.avro").fields()
                .requiredString("id").requiredString("text").endRecord();
        GenericRecord record = new GenericData.Record(other);
        record.put("id", "1");
        record.put("text", "t");
        Serializer<GenericRecord> generic = ConfluentAvroSerde.generic(client, false, latest).serializer();
        assertThatThrownBy(() -> generic.serialize("events", record)).isInstanceOf(IncompatibleSchemaException.class);
    }

    @Test
    void subjectStrategyComesFromConfig() {
        Map<String, Object> config = Map.of("value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");
        ConfluentAvroSerde.specific(TextEvent.class, client, false, config).serializer().serialize("in", Events.sample());
        assertThat(client.latest("in-io.nlpstream.schemas.avro.TextEvent").version()).isEqualTo(1);
    }

    @Test
    void oneSerdeIsSafeToShareAcrossThreads() throws Exception {
        var serde = textEvents();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        TextEvent event = TextEvent.newBuilder().setId(thread + "-" + i).setText("x".repeat(i % 40 + 1))
                                .setMetadata(Map.of("i", Integer.toString(i))).build();
                        if (serde.deserializer().deserialize("c", serde.serializer().serialize("c", event)).equals(event)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (var result : results) {
                assertThat(result.get()).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nullIsNullBothWays() {
        assertThat(textEvents().serializer().serialize("t", null)).isNull();
        assertThat(textEvents().deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void everyKindOfBadBytesIsAWireFormatException() {
        Deserializer<TextEvent> deserializer = textEvents().deserializer();
        byte[] good = textEvents().serializer().serialize("t", Events.sample());
        List<byte[]> bad = List.of(
                new byte[0],
                new byte[] {0, 0, 0, 1},                                          // short header
                withByte(good, 0, 1),                                             // magic byte 1
                withByte(good, 0, '{'),                                           // JSON on an Avro topic
                Arrays.copyOf(good, 5),                                           // header only
                Arrays.copyOf(good, good.length - 3),                            // truncated payload
                Arrays.copyOf(good, good.length + 1),                            // trailing byte
                new byte[] {0, 0, 0, 0, 1, 0x01},                                 // negative string length
                new byte[] {0, 0, 0, 0, 1, 0x02, 'a', 0x02, 'b', 0x08},          // union branch 4 of 2
                new byte[] {0, 0, 0, 0, 1, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}, // 1 GiB string
                new byte[] {0, 0, 0, 0, 1, 0x02, 'a', 0x02, 'b', 0, 0, 0,
                        (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}); // 2^30-entry map
        for (byte[] bytes : bad) {
            assertThatThrownBy(() -> deserializer.deserialize("t", bytes))
                    .as("bytes %s", Arrays.toString(bytes))
                    .isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void aGarbageLengthPrefixIsRejectedBeforeItsBufferIsAllocated() {
        byte[] gigabyteString = {0, 0, 0, 0, 1, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        textEvents().serializer().serialize("t", Events.sample());
        assertThatThrownBy(() -> textEvents().deserializer().deserialize("t", gigabyteString))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("exceeds the 5-byte payload");
    }

    @Test
    void randomCorruptionNeverEscapesAsAnUntypedError() {
        Deserializer<TextEvent> deserializer = textEvents().deserializer();
        byte[] good = textEvents().serializer().serialize("t", Events.sample());
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = Arrays.copyOf(good, 5 + random.nextInt(good.length + 8 - 5));
            for (int j = 5; j < bytes.length; j++) {
                if (j >= good.length || random.nextInt(4) == 0) {
                    bytes[j] = (byte) random.nextInt(256);
                }
            }
            try {
                deserializer.deserialize("t", bytes);
            } catch (WireFormatException expected) {
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(1000);
        assertThat(deserializer.deserialize("t", good)).isEqualTo(Events.sample()); // no state left behind
    }

    @Test
    void aForeignRecordTypeOnTheTopicIsAnInvalidEvent() {
        Schema ping = SchemaBuilder.record("Ping").namespace("test").fields().requiredInt("count").endRecord();
        GenericRecord record = new GenericData.Record(ping);
        record.put("count", 1);
        byte[] bytes = ConfluentAvroSerde.generic(client, false, Map.of()).serializer().serialize("mixed", record);
        assertThatThrownBy(() -> textEvents().deserializer().deserialize("mixed", bytes))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("cannot be read as io.nlpstream.schemas.avro.TextEvent");
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        byte[] bytes = {0, 0, 0, 3, (byte) 0xE7, 0x02, 'a'};
        assertThatThrownBy(() -> textEvents().deserializer().deserialize("t", bytes))
                .isInstanceOf(SchemaNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaNotFoundException) e).errorCode()).isEqualTo(40403));
    }

    @Test
    void registryDownIsRegistryUnavailableOnBothSides() {
        byte[] bytes = textEvents().serializer().serialize("t", Events.sample());
        var serde = ConfluentAvroSerde.specific(TextEvent.class, client, false, Map.of());
        client.goDown();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(RegistryUnavailableException.class);
        assertThatThrownBy(() -> serde.serializer().serialize("t", Events.sample()))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void aRecordItsSchemaCannotEncodeIsAnInvalidEvent() {
        TextEvent broken = Events.sample();
        broken.setText(null);
        assertThatThrownBy(() -> textEvents().serializer().serialize("t", broken))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("TextEvent");
    }

    @Test
    void aFailedEncodeLeavesNothingBehindForTheNextRecord() {
        var serializer = textEvents().serializer();
        byte[] expected = serializer.serialize("t", Events.sample());
        TextEvent broken = Events.sample();
        broken.setMetadata(null); // fails after id, text, question, ... are already buffered
        assertThatThrownBy(() -> serializer.serialize("t", broken)).isInstanceOf(InvalidEventException.class);
        assertThat(serializer.serialize("t", Events.sample())).isEqualTo(expected);
    }

    private static byte[] withByte(byte[] source, int index, int value) {
        byte[] copy = source.clone();
        copy[index] = (byte) value;
        return copy;
    }
}
