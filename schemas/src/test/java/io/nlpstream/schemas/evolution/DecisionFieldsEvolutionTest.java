package io.nlpstream.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.schemas.avro.Decision;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import io.nlpstream.schemas.avro.Flag;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.serde.ConfluentAvroSerde;
import io.nlpstream.schemas.serde.WireFormat;
import io.nlpstream.schemas.testing.Events;
import io.nlpstream.schemas.testing.StubRegistryServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The flags and decision fields (EnrichedTextEvent v2) against a registry that holds v1: the registry's BACKWARD
 * check accepts v2 under the same subject, and a consumer still on v1 reads v2 records with every v1 field as
 * written (the new fields skipped).
 */
class DecisionFieldsEvolutionTest {
    static final String SUBJECT = "moderation.enriched-value";

    static Schema v1() throws IOException {
        return new Schema.Parser().parse(Path.of("src/main/avro-history/EnrichedTextEvent/v1.avsc").toFile());
    }

    static EnrichedTextEvent decided() {
        ModelResult result = new ModelResult("tox", "h1", "text-classification",
                List.of(new Label("toxic", 0.93), new Label("insult", 0.2)), List.of(), List.of(), List.of(), null);
        return new EnrichedTextEvent("e1", "you are awful", null, "en", Instant.ofEpochMilli(1_700_000_000_000L),
                Map.of("src", "test"), List.of(result), 12L, 4, List.of(new Flag("toxic", 0.93, 0.8, "tox", "h1")),
                new Decision("block", "severe"));
    }

    @Test
    void theRegistryAcceptsTheNewSchemaAfterTheOldOneAndAV1ConsumerReadsNewRecordsUnchanged() throws IOException {
        try (StubRegistryServer server = StubRegistryServer.start();
             RestSchemaRegistryClient client = Events.client(server.url())) {
            int v1Id = client.register(SUBJECT, v1());
            // The serializer registers the current schema: the registry's compatibility check runs here.
            var serde = ConfluentAvroSerde.specific(EnrichedTextEvent.class, client, false, Map.of());
            byte[] framed = serde.serializer().serialize("moderation.enriched", decided());

            int v2Id = WireFormat.schemaId(framed);
            assertThat(v2Id).isNotEqualTo(v1Id);
            assertThat(server.registry().latest(SUBJECT).version()).isEqualTo(2);
            assertThat(server.registry().latest(SUBJECT).schema()).isEqualTo(EnrichedTextEvent.getClassSchema());

            Schema writer = client.schemaById(v2Id);
            GenericRecord asV1 = read(framed, writer, v1());
            GenericRecord asWritten = read(framed, writer, writer);
            assertThat(asV1.getSchema().getField("flags")).isNull();
            assertThat(asV1.getSchema().getField("decision")).isNull();
            for (Schema.Field field : v1().getFields()) {
                assertThat(String.valueOf(asV1.get(field.name()))).as(field.name())
                        .isEqualTo(String.valueOf(asWritten.get(field.name())));
            }
            assertThat(asV1.get("id").toString()).isEqualTo("e1");
            assertThat(String.valueOf(asV1.get("results"))).contains("\"toxic\"", "0.93");
        }
    }

    @Test
    void recordsWrittenWithV1ReadAsUndecided() throws IOException {
        try (StubRegistryServer server = StubRegistryServer.start();
             RestSchemaRegistryClient client = Events.client(server.url())) {
            var generic = ConfluentAvroSerde.generic(client, false, Map.of());
            GenericRecord old = new org.apache.avro.generic.GenericData.Record(v1());
            old.put("id", "e0");
            old.put("text", "old");
            old.put("metadata", Map.of());
            old.put("results", List.of());
            old.put("processingLatencyMs", 1L);
            old.put("batchSize", 1);
            byte[] framed = generic.serializer().serialize("moderation.enriched", old);

            var specific = ConfluentAvroSerde.specific(EnrichedTextEvent.class, client, false, Map.of());
            EnrichedTextEvent read = specific.deserializer().deserialize("moderation.enriched", framed);

            assertThat(read.getFlags()).isEmpty();
            assertThat(read.getDecision()).isNull();
        }
    }

    private static GenericRecord read(byte[] framed, Schema writer, Schema reader) throws IOException {
        var decoder = DecoderFactory.get().binaryDecoder(framed, WireFormat.HEADER_LENGTH,
                framed.length - WireFormat.HEADER_LENGTH, null);
        return new GenericDatumReader<GenericRecord>(writer, reader).read(null, decoder);
    }
}
