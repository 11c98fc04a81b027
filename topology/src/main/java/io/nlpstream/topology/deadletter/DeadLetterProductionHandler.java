package io.nlpstream.topology.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters records the producer could not send ({@link DeadLetterReason#PRODUCTION_ERROR}, stage
 * {@code PRODUCE}) and keeps the stream running. The pipelines serialize their outputs themselves, so what reaches
 * this handler is already bytes: the dead letter carries the bytes that failed to send (the enriched event, since
 * the producer no longer knows which input it came from). A failed dead letter is logged, never re-routed.
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
        return deadLetter(record.topic(), record.key(), record.value(), record, DeadLetterStage.PRODUCE, exception);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        byte[] key = record.key() instanceof byte[] k ? k : null;
        byte[] value = record.value() instanceof byte[] v ? v : context.sourceRawValue();
        return deadLetter(record.topic(), key, value, record, DeadLetterStage.SERIALIZE, exception);
    }

    private Response deadLetter(String topic, byte[] key, byte[] value, ProducerRecord<?, ?> record,
                                DeadLetterStage stage, Exception exception) {
        var target = config.routes().deadLetterTopicFor(topic);
        if (target.isEmpty() || config.routes().byTopic().containsValue(topic)) {
            LOG.error("Dropping a record for {} that could not be produced (no dead letter possible)", topic, exception);
            return Response.resume();
        }
        var headers = DeadLetterHeaders.of(record.headers(), DeadLetterReason.PRODUCTION_ERROR, stage,
                topic + ": " + DeadLetterHeaders.describe(exception), SourcePosition.UNKNOWN,
                System.currentTimeMillis());
        config.listener().deadLetter(DeadLetterHandlerConfig.HANDLER_PIPELINE, DeadLetterReason.PRODUCTION_ERROR);
        return Response.resume(List.of(new ProducerRecord<>(target.get(), null, record.timestamp(), key, value,
                headers)));
    }
}
