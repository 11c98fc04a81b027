package io.nlpstream.topology.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters records that Kafka Streams itself cannot deserialize (the pipelines consume bytes, so this covers
 * the other sources, e.g. the response base) and keeps the stream running. Without a route for the source topic
 * the record is logged and skipped.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private DeadLetterHandlerConfig config = DeadLetterHandlerConfig.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        config = DeadLetterHandlerConfig.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        DeadLetterReason reason = DeadLetterClassifier.decodeFailure(exception);
        var target = config.routes().deadLetterTopicFor(record.topic());
        if (target.isEmpty()) {
            LOG.warn("Skipping undeserializable record {}-{}@{} (no dead-letter topic): {}", record.topic(),
                    record.partition(), record.offset(), DeadLetterHeaders.describe(exception));
            return Response.resume();
        }
        var headers = DeadLetterHeaders.of(record.headers(), reason, DeadLetterStage.DESERIALIZE,
                DeadLetterHeaders.describe(exception),
                new SourcePosition(record.topic(), record.partition(), record.offset()), System.currentTimeMillis());
        config.listener().deadLetter(DeadLetterHandlerConfig.HANDLER_PIPELINE, reason);
        return Response.resume(List.of(new ProducerRecord<>(target.get(), null, record.timestamp(), record.key(),
                record.value(), headers)));
    }
}
