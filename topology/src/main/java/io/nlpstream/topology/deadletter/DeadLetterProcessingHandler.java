package io.nlpstream.topology.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters the source record of an unexpected processor failure ({@link DeadLetterReason#PROCESSING_ERROR})
 * with its original bytes and keeps the stream running. Failures without a source record (punctuations) or
 * without a route are logged and skipped.
 *
 * <p>A Kafka failure that surfaces inside a processor (a {@link KafkaException}: the producer could not send, a state
 * store failed) is no fault of the record: dead-lettering it would misroute a valid event and, with a poisoned
 * transaction, write nothing anyway. The task fails instead, with a sentence naming the cause, and its uncommitted
 * work is redone from the last commit (see {@link DeadLetterProductionHandler}). So does a schema registry that
 * cannot be reached or refuses the credentials ({@link DeadLetterClassifier#registryFault}): the application pauses
 * processing until it answers.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private DeadLetterHandlerConfig config = DeadLetterHandlerConfig.from(Map.of());

    @Override
    public void configure(Map<String, ?> configs) {
        config = DeadLetterHandlerConfig.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        var registryFault = DeadLetterClassifier.registryFault(exception);
        if (registryFault.isPresent()) {
            LOG.error("The schema registry failed under {} (topic {}, partition {}, offset {}): {}. The task stops,"
                            + " processing pauses until the registry answers, and the record is read again; nothing"
                            + " is dead-lettered or skipped.", context.processorNodeId(), context.topic(),
                    context.partition(), context.offset(), registryFault.get().getMessage());
            return Response.fail();
        }
        if (isKafkaFailure(exception)) {
            LOG.error("Kafka failed under {} (topic {}, partition {}, offset {}): {}. The task stops and its"
                            + " uncommitted work is redone from the last commit once this is fixed; nothing is skipped.",
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(),
                    DeadLetterHeaders.describe(exception));
            return Response.fail();
        }
        var target = config.routes().deadLetterTopicFor(context.topic());
        if (target.isEmpty() || context.sourceRawValue() == null) {
            LOG.error("Skipping record after a processing failure in {} (topic {}, offset {}; no dead letter possible)",
                    context.processorNodeId(), context.topic(), context.offset(), exception);
            return Response.resume();
        }
        var headers = DeadLetterHeaders.of(context.headers(), DeadLetterReason.PROCESSING_ERROR,
                DeadLetterStage.PROCESS, context.processorNodeId() + ": " + DeadLetterHeaders.describe(exception),
                new SourcePosition(context.topic(), context.partition(), context.offset()), System.currentTimeMillis());
        config.listener().deadLetter(DeadLetterHandlerConfig.HANDLER_PIPELINE, DeadLetterReason.PROCESSING_ERROR);
        return Response.resume(List.of(new ProducerRecord<>(target.get(), null, context.timestamp(),
                context.sourceRawKey(), context.sourceRawValue(), headers)));
    }

    /** Whether Kafka itself (client, Streams runtime, state store) failed, anywhere in the cause chain. */
    static boolean isKafkaFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KafkaException) {
                return true;
            }
        }
        return false;
    }
}
