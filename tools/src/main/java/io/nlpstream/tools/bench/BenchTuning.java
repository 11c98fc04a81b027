package io.nlpstream.tools.bench;

import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.runtime.SessionSettings;

/**
 * The knobs under test: ONNX Runtime sessions, the dynamic batcher and the Kafka paths. The defaults are the
 * service's (the same constants), so the benchmark measures what a deployment gets unless told otherwise.
 */
record BenchTuning(SessionSettings session, BatcherSettings batcher, KafkaPathSettings kafkaPath) {
    static final BenchTuning DEFAULTS = new BenchTuning(SessionSettings.DEFAULTS, BatcherSettings.DEFAULTS,
            KafkaPathSettings.DEFAULTS);
}
