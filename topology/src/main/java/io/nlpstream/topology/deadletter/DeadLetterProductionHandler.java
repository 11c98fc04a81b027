package io.nlpstream.topology.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record the producer could not send or serialize.
 *
 * <p>The task fails (and nothing is written for the record) when the record belongs to a changelog or another
 * internal topic, or to a dead-letter topic, or when the guarantee is exactly-once and the producer failed: under
 * exactly-once a failed send has already put the transaction in an error state, so nothing written after it could
 * commit, and under at-least-once resuming would silently drop a changelog write or a dead letter. The log line
 * names the topic and the cause; Kafka Streams then stops the thread, the application replaces it (or stops, per
 * its uncaught-exception policy), and the uncommitted work is redone from the last commit, so once the cause is
 * fixed nothing is lost. Records that cannot fit are prevented upstream ({@code EVENT_TOO_LARGE}), so a failure
 * here is an infrastructure problem (topic missing, not writable, broker refusing).
 *
 * <p>Otherwise (an output record under at-least-once, or any record whose serialization failed, which happens
 * before anything is sent) the record is dead-lettered ({@link DeadLetterReason#PRODUCTION_ERROR}, stage
 * {@code PRODUCE} or {@code SERIALIZE}) with the bytes that failed (the pipelines serialize their outputs
 * themselves, so the producer no longer knows which input a record came from) and the stream keeps running.
 */
public class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private DeadLetterHandlerConfig config = DeadLetterHandlerConfig.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        config = DeadLetterHandlerConfig.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        String topic = record.topic();
        if (config.exactlyOnce() || mustNotResume(topic)) {
            return fail(topic, exception);
        }
        return deadLetter(topic, record.key(), record.value(), record, DeadLetterStage.PRODUCE, exception);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        String topic = record.topic();
        if (mustNotResume(topic)) {
            return fail(topic, exception);
        }
        byte[] key = record.key() instanceof byte[] k ? k : null;
        byte[] value = record.value() instanceof byte[] v ? v : context.sourceRawValue();
        return deadLetter(topic, key, value, record, DeadLetterStage.SERIALIZE, exception);
    }

    private boolean mustNotResume(String topic) {
        return config.isInternal(topic) || config.isDeadLetterTopic(topic)
                || config.routes().deadLetterTopicFor(topic).isEmpty();
    }

    /** The one sentence an operator reads: which topic, what kind, why, and what happens next. */
    static String sentence(DeadLetterHandlerConfig config, String topic, Exception exception) {
        String kind = config.isInternal(topic) ? "internal topic" : config.isDeadLetterTopic(topic)
                ? "dead-letter topic" : config.routes().deadLetterTopicFor(topic).isPresent() ? "output topic"
                : "topic";
        return "Cannot write to " + kind + " '" + topic + "': " + DeadLetterHeaders.describe(exception)
                + ". The task stops and its uncommitted work is redone from the last commit once this is fixed;"
                + " nothing is skipped.";
    }

    private Response fail(String topic, Exception exception) {
        LOG.error(sentence(config, topic, exception));
        return Response.fail();
    }

    private Response deadLetter(String topic, byte[] key, byte[] value, ProducerRecord<?, ?> record,
                                DeadLetterStage stage, Exception exception) {
        String target = config.routes().deadLetterTopicFor(topic).orElseThrow();
        var headers = DeadLetterHeaders.of(record.headers(), DeadLetterReason.PRODUCTION_ERROR, stage,
                topic + ": " + DeadLetterHeaders.describe(exception), SourcePosition.UNKNOWN,
                System.currentTimeMillis());
        config.listener().deadLetter(DeadLetterHandlerConfig.HANDLER_PIPELINE, DeadLetterReason.PRODUCTION_ERROR);
        return Response.resume(List.of(new ProducerRecord<>(target, null, record.timestamp(), key, value,
                headers)));
    }
}
