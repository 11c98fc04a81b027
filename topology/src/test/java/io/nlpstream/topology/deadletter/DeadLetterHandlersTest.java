package io.nlpstream.topology.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.topology.support.CountingListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {
    static final DeadLetterRoutes ROUTES = new DeadLetterRoutes(Map.of("in", "dlq", "out", "dlq"));
    final CountingListener listener = new CountingListener();
    final Map<String, Object> configs = Map.of(DeadLetterHandlerConfig.ROUTES, ROUTES.encode(),
            DeadLetterHandlerConfig.LISTENER, listener);

    record Context(String topic, int partition, long offset, Headers headers, byte[] sourceRawKey,
                   byte[] sourceRawValue) implements ErrorHandlerContext {
        @Override
        public String processorNodeId() {
            return "p.decode";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 77L;
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String header(ProducerRecord<byte[], byte[]> record, String key) {
        return DeadLetterHeaders.read(record.headers(), key);
    }

    @Test
    void routesSurviveTheConfigRoundTrip() {
        assertThat(DeadLetterRoutes.decode(ROUTES.encode())).isEqualTo(ROUTES);
        assertThat(DeadLetterRoutes.decode("").byTopic()).isEmpty();
        assertThat(ROUTES.deadLetterTopicFor("in")).contains("dlq");
        assertThat(ROUTES.deadLetterTopicFor("elsewhere")).isEqualTo(Optional.empty());
    }

    @Test
    void deserializationFailuresAreDeadLetteredWithTheirOriginalBytes() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(configs);
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", bytes("t"));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("in", 2, 40L, 1234L, TimestampType.CREATE_TIME,
                1, 3, bytes("k"), bytes("raw"), headers, Optional.empty());

        DeserializationExceptionHandler.Response response = handler.handleError(null, record,
                new SchemaNotFoundException("no schema 9", 404, 40403));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(dead.key()).isEqualTo(bytes("k"));
        assertThat(dead.value()).isEqualTo(bytes("raw"));
        assertThat(dead.timestamp()).isEqualTo(1234L);
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("UNKNOWN_SCHEMA");
        assertThat(header(dead, DeadLetterHeaders.STAGE)).isEqualTo("DESERIALIZE");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("40");
        assertThat(header(dead, "trace")).isEqualTo("t");
        assertThat(listener.reasons.get(DeadLetterReason.UNKNOWN_SCHEMA).get()).isEqualTo(1);
    }

    @Test
    void withoutARouteRecordsAreSkippedAndTheStreamContinues() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(configs);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("unrouted", 0, 1L, bytes("k"), bytes("v"));
        DeserializationExceptionHandler.Response response = handler.handleError(null, record,
                new IllegalStateException("x"));
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void processingFailuresDeadLetterTheSourceRecordsRawBytes() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(configs);
        Context context = new Context("in", 1, 9L, new RecordHeaders(), bytes("k"), bytes("raw"));

        ProcessingExceptionHandler.Response response = handler.handleError(context,
                new Record<>("k", "decoded", 77L), new IllegalArgumentException("bug"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(dead.value()).isEqualTo(bytes("raw"));
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("PROCESSING_ERROR");
        assertThat(header(dead, DeadLetterHeaders.MESSAGE)).contains("p.decode", "bug");
        assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("9");
    }

    @Test
    void processingFailuresWithoutASourceRecordAreLoggedAndSkipped() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(configs);
        Context punctuation = new Context(null, -1, -1L, new RecordHeaders(), null, null);
        ProcessingExceptionHandler.Response response = handler.handleError(punctuation, new Record<>("k", "v", 1L),
                new IllegalArgumentException("bug"));
        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    DeadLetterProductionHandler productionHandler(String guarantee) {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(Map.of(DeadLetterHandlerConfig.ROUTES, ROUTES.encode(), DeadLetterHandlerConfig.LISTENER,
                listener, StreamsConfig.APPLICATION_ID_CONFIG, "app", StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                guarantee));
        return handler;
    }

    @Test
    void underAtLeastOnceSendFailuresOfOutputsAreDeadLettered() {
        DeadLetterProductionHandler handler = productionHandler(StreamsConfig.AT_LEAST_ONCE);
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("out", null, 5L, bytes("k"), bytes("enriched"));

        ProductionExceptionHandler.Response response = handler.handleError(null, output,
                new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo("dlq");
        assertThat(dead.value()).isEqualTo(bytes("enriched"));
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("PRODUCTION_ERROR");
        assertThat(header(dead, DeadLetterHeaders.STAGE)).isEqualTo("PRODUCE");
    }

    @Test
    void failedWritesToChangelogsAndDeadLetterTopicsFailTheTaskUnderEitherGuarantee() {
        for (String guarantee : List.of(StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2)) {
            DeadLetterProductionHandler handler = productionHandler(guarantee);
            for (String topic : List.of("app-p.batch-buffer-changelog", "dlq", "unrouted-topic")) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes("k"), bytes("v"));
                ProductionExceptionHandler.Response sent = handler.handleError(null, record,
                        new TimeoutException("Topic " + topic + " not present in metadata after 60000 ms."));
                assertThat(sent.result()).as("%s under %s", topic, guarantee)
                        .isEqualTo(ProductionExceptionHandler.Result.FAIL);
                assertThat(sent.deadLetterQueueRecords()).isEmpty();
                ProductionExceptionHandler.Response serialized = handler.handleSerializationError(null, record,
                        new IllegalStateException("x"), ProductionExceptionHandler.SerializationExceptionOrigin.VALUE);
                assertThat(serialized.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
            }
        }
        assertThat(listener.reasons).isEmpty();
    }

    @Test
    void underExactlyOnceAFailedSendFailsTheTaskSinceItsTransactionCannotCommit() {
        DeadLetterProductionHandler handler = productionHandler(StreamsConfig.EXACTLY_ONCE_V2);
        ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("out", bytes("k"), bytes("enriched"));
        ProductionExceptionHandler.Response response = handler.handleError(null, output,
                new RecordTooLargeException("too large"));
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void theFailureSentenceNamesTheTopicItsKindAndTheCause() {
        DeadLetterHandlerConfig config = DeadLetterHandlerConfig.from(Map.of(DeadLetterHandlerConfig.ROUTES,
                ROUTES.encode(), StreamsConfig.APPLICATION_ID_CONFIG, "app"));
        assertThat(DeadLetterProductionHandler.sentence(config, "dlq",
                new TimeoutException("Topic dlq not present in metadata after 60000 ms.")))
                .startsWith("Cannot write to dead-letter topic 'dlq': TimeoutException: Topic dlq not present")
                .contains("redone from the last commit");
        assertThat(DeadLetterProductionHandler.sentence(config, "app-p.batch-buffer-changelog",
                new RecordTooLargeException("big"))).startsWith("Cannot write to internal topic");
        assertThat(DeadLetterProductionHandler.sentence(config, "out", new RecordTooLargeException("big")))
                .startsWith("Cannot write to output topic 'out'");
    }

    @Test
    void aKafkaFailureInsideAProcessorFailsTheTaskInsteadOfDeadLetteringTheRecord() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(configs);
        Context context = new Context("in", 1, 9L, new RecordHeaders(), bytes("k"), bytes("raw"));
        StreamsException sendFailed = new StreamsException("Error encountered sending record to topic dlq",
                new KafkaException("Cannot execute transactional method because we are in an error state"));

        ProcessingExceptionHandler.Response response = handler.handleError(context,
                new Record<>("k", "decoded", 77L), sendFailed);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(listener.reasons).isEmpty();
    }

    @Test
    void aHandedBackBatchFailsTheTaskFromARecordOrAPunctuationAndDeadLettersNothing() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(configs);
        Context context = new Context("in", 1, 9L, new RecordHeaders(), bytes("k"), bytes("raw"));
        Context punctuation = new Context(null, -1, -1L, new RecordHeaders(), null, null);
        RuntimeException handedBack = new RuntimeException("wrapped",
                new BatchHandedBackException("the models are too far behind"));

        for (Context where : List.of(context, punctuation)) {
            ProcessingExceptionHandler.Response response = handler.handleError(where,
                    new Record<>("k", "decoded", 77L), handedBack);

            assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
            assertThat(response.deadLetterQueueRecords()).isEmpty();
        }
        assertThat(listener.reasons).isEmpty();
    }
}
