package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Reconciliation;
import io.nlpstream.it.support.ReliabilityReport;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.TopicCollector;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.serde.ConfluentAvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4, poison pills: one pipeline with a JSON and an Avro input, valid events of both formats with every
 * kind of bad record mixed in. Each bad record lands in the dead-letter topic with its original key and bytes, its
 * reason and stage, and the exact topic, partition and offset it came from; every valid event is enriched; the
 * topics and the app's own counters reconcile (in = out + dead letters).
 */
@ExtendWith(SuiteExtension.class)
class PoisonPillIT {
    private static final String NAME = "poison";
    private static final int VALID_JSON = 1_500;
    private static final int VALID_AVRO = 500;
    private static final int COPIES = 3;
    private static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    private static final int HUGE_TEXT_BYTES = 5 * 1024 * 1024;
    /** Over the 5 MB pill, so that it is judged by its text (TEXT_TOO_LONG) rather than its size. */
    private static final int MAX_EVENT_BYTES = 6_000_000;

    /** A bad record and what the dead letter must say about it. */
    record Pill(Outgoing record, String reason, String stage) {
    }

    @Test
    void everyPoisonPillIsDeadLetteredWithItsReasonAndValidEventsAreEnriched(Infrastructure infra) {
        long start = System.nanoTime();
        Path dir = infra.scenarioDir(NAME);
        String json = NAME + "-events";
        String avro = NAME + "-avro-events";
        String output = NAME + "-enriched";
        String deadLetters = NAME + "-dlq";
        // Big enough for the 5 MB pill, on its way in and in its dead letter; the output topic must take what the
        // pipeline may write under its raised event limit (the app checks at start-up).
        Map<String, String> large = Map.of("max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));
        infra.cluster().createTopics(List.of(KafkaCluster.topic(json, 3, large), KafkaCluster.topic(avro, 3),
                KafkaCluster.topic(output, 3, large), KafkaCluster.topic(deadLetters, 1, large)));
        AppConfig config = AppConfig.of(infra, "it-" + NAME, dir.resolve("state"))
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .pipeline(Pipeline.of(NAME, Input.json(json), output, deadLetters, "sentiment")
                        .withInputs(Input.json(json), Input.avro(avro))
                        .with("text-limit", Map.of("max-code-points", 10_000, "policy", "REJECT"))
                        .with("limits", Map.of("max-event-bytes", MAX_EVENT_BYTES)))
                .kafkaProperty("producer.max.request.size", MAX_MESSAGE_BYTES);

        ConfluentAvroSerializer<TextEvent> avroSerializer = avroSerializer(infra);
        List<String> texts = Corpus.sentences(VALID_JSON + VALID_AVRO, 4);
        List<Outgoing> valid = new ArrayList<>(Outgoing.jsonEvents(json, NAME + "-json",
                texts.subList(0, VALID_JSON)));
        for (int i = 0; i < VALID_AVRO; i++) {
            String id = String.format("%s-avro-%05d", NAME, i);
            valid.add(new Outgoing(avro, id, avroSerializer.serialize(avro,
                    TextEvent.newBuilder().setId(id).setText(texts.get(VALID_JSON + i)).build())));
        }
        List<Pill> pills = pills(json, avro, avroSerializer);
        List<Outgoing> all = new ArrayList<>(valid);
        pills.forEach(p -> all.add(p.record()));
        Collections.shuffle(all, new Random(4));
        List<String> validIds = Outgoing.ids(valid);
        List<String> pillIds = pills.stream().map(p -> p.record().id()).toList();

        Reconciliation reconciliation;
        int exit;
        boolean allCameOut;
        double in;
        double out;
        double dead;
        try (AppProcess app = AppProcess.start(infra, NAME, config, dir);
             Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, output, deadLetters)) {
            traffic.sendAtRate(all, 500).awaitDone(Duration.ofMinutes(2));
            allCameOut = outcome.awaitAll(Outgoing.ids(all), Duration.ofMinutes(3));
            String pipeline = "pipeline=\"" + NAME + "\"";
            in = app.metric("nlpstream_records_in_total", pipeline);
            out = app.metric("nlpstream_records_out_total", pipeline);
            dead = app.metric("nlpstream_dead_letters_total", pipeline);
            exit = app.stop();
            reconciliation = outcome.reconcile(validIds, pillIds);
            ReliabilityReport.add(ReliabilityReport.Row.of(NAME, reconciliation, start));
            assertThat(allCameOut).as("every produced event reached the output or dead-letter topic in time")
                    .isTrue();
            assertDeadLetters(pills, traffic.acknowledged(), outcome.deadLetters());
        }
        assertThat(exit).as("exit status after SIGTERM").isZero();
        assertThat(reconciliation.clean()).as(reconciliation.summary()).isTrue();
        assertThat(reconciliation.deadLetters()).isEqualTo(pills.size());
        assertThat(in).as("the app's own count of records read").isEqualTo(all.size());
        assertThat(out + dead).as("the app's counters reconcile: in = out + dead letters").isEqualTo(in);
    }

    private static List<Pill> pills(String json, String avro, ConfluentAvroSerializer<TextEvent> serializer) {
        List<Pill> pills = new ArrayList<>();
        for (int copy = 0; copy < COPIES; copy++) {
            String n = "-" + copy;
            byte[] frame = serializer.serialize(avro, TextEvent.newBuilder().setId("pill").setText("fine").build());
            pills.add(pill(json, "not-json" + n, utf8("this is not JSON {"), "INVALID_EVENT", "DECODE"));
            pills.add(pill(json, "json-array" + n, utf8("[\"a\", \"b\"]"), "INVALID_EVENT", "DECODE"));
            pills.add(pill(json, "invalid-utf8" + n, concat(utf8("{\"id\": \"x\", \"text\": \"caf"),
                    new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}")), "INVALID_EVENT", "DECODE"));
            pills.add(pill(json, "text-is-number" + n, utf8("{\"id\": \"x\", \"text\": 42}"), "INVALID_EVENT",
                    "DECODE"));
            pills.add(pill(json, "metadata-not-strings" + n,
                    utf8("{\"id\": \"x\", \"text\": \"hello\", \"metadata\": {\"k\": 1}}"), "INVALID_EVENT",
                    "DECODE"));
            pills.add(pill(json, "null-json" + n, null, "NULL_VALUE", "VALIDATE"));
            pills.add(pill(avro, "null-avro" + n, null, "NULL_VALUE", "VALIDATE"));
            pills.add(pill(json, "empty-text" + n, utf8("{\"id\": \"x\", \"text\": \"\"}"), "EMPTY_TEXT",
                    "VALIDATE"));
            pills.add(pill(avro, "blank-text-avro" + n, serializer.serialize(avro,
                    TextEvent.newBuilder().setId("x").setText("   ").build()), "EMPTY_TEXT", "VALIDATE"));
            byte[] wrongMagic = frame.clone();
            wrongMagic[0] = 1;
            pills.add(pill(avro, "wrong-magic" + n, wrongMagic, "UNDECODABLE", "DECODE"));
            byte[] unknownSchema = frame.clone();
            ByteBuffer.wrap(unknownSchema).putInt(1, 987_654);
            pills.add(pill(avro, "unknown-schema" + n, unknownSchema, "UNKNOWN_SCHEMA", "DECODE"));
            pills.add(pill(avro, "truncated-avro" + n, Arrays.copyOf(frame, frame.length - 3), "UNDECODABLE",
                    "DECODE"));
            pills.add(pill(avro, "json-on-avro" + n, utf8("{\"id\": \"x\", \"text\": \"hi\"}"), "UNDECODABLE",
                    "DECODE"));
        }
        pills.add(pill(json, "huge-text", hugeText(), "TEXT_TOO_LONG", "VALIDATE"));
        return pills;
    }

    private static Pill pill(String topic, String kind, byte[] value, String reason, String stage) {
        return new Pill(new Outgoing(topic, NAME + "-pill-" + kind, value), reason, stage);
    }

    private static byte[] hugeText() {
        StringBuilder text = new StringBuilder(HUGE_TEXT_BYTES + 64).append("{\"id\": \"x\", \"text\": \"");
        while (text.length() < HUGE_TEXT_BYTES) {
            text.append("the service was great ");
        }
        return utf8(text.append("\"}").toString());
    }

    private static void assertDeadLetters(List<Pill> pills, Map<String, RecordMetadata> produced,
                                          TopicCollector deadLetters) {
        Map<String, ConsumerRecord<byte[], byte[]>> byId = new HashMap<>();
        deadLetters.records().forEach(r -> byId.put(TopicCollector.idOf(r), r));
        Map<String, Integer> reasons = new TreeMap<>();
        for (Pill pill : pills) {
            String id = pill.record().id();
            ConsumerRecord<byte[], byte[]> letter = byId.get(id);
            assertThat(letter).as("dead letter of %s", id).isNotNull();
            RecordMetadata source = produced.get(id);
            assertThat(header(letter, "dlq.reason")).as("reason of %s (%s)", id, header(letter, "dlq.message"))
                    .isEqualTo(pill.reason());
            assertThat(header(letter, "dlq.stage")).as("stage of %s", id).isEqualTo(pill.stage());
            assertThat(header(letter, "dlq.source.topic")).as("source topic of %s", id)
                    .isEqualTo(pill.record().topic());
            assertThat(header(letter, "dlq.source.partition")).as("source partition of %s", id)
                    .isEqualTo(String.valueOf(source.partition()));
            assertThat(header(letter, "dlq.source.offset")).as("source offset of %s", id)
                    .isEqualTo(String.valueOf(source.offset()));
            assertThat(header(letter, "dlq.message")).as("message of %s", id).isNotBlank();
            assertThat(letter.value()).as("original bytes of %s", id).isEqualTo(pill.record().value());
            reasons.merge(pill.reason(), 1, Integer::sum);
        }
        assertThat(reasons).as("dead letters by reason").containsOnlyKeys("INVALID_EVENT", "NULL_VALUE",
                "EMPTY_TEXT", "UNDECODABLE", "UNKNOWN_SCHEMA", "TEXT_TOO_LONG");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConfluentAvroSerializer<TextEvent> avroSerializer(Infrastructure infra) {
        Map<String, Object> config = Map.of("schema.registry.url", infra.registry().url());
        return new ConfluentAvroSerializer<>(RestSchemaRegistryClient.fromConfig(config), false, config);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        Arrays.stream(parts).forEach(all::put);
        return all.array();
    }
}
