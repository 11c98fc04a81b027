package io.nlpstream.topology.enrich;

import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/** Makes a task's step runners, in the pipeline's step order, once its state stores can be looked up. */
@FunctionalInterface
public interface StepRunners {
    List<StepRunner<?>> open(ProcessorContext<?, ?> context);
}
