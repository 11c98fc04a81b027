package io.nlpstream.tools.bench;

import io.nlpstream.app.config.KafkaProperties;
import io.nlpstream.topology.BatchSettings;
import java.time.Duration;

/**
 * What both Kafka paths (ours and the per-record consumer) run with, so they differ only in how they call the model.
 *
 * @param partitions      of the input and output topics
 * @param streamThreads   Kafka Streams threads
 * @param commitInterval  Kafka Streams' commit interval; under exactly-once, outputs become visible at commits
 * @param microBatchSize  our pipeline's {@code batch.size}
 * @param microBatchWait  our pipeline's {@code batch.max-wait}
 */
record KafkaPathSettings(int partitions, int streamThreads, Duration commitInterval, int microBatchSize,
                         Duration microBatchWait) {

    /** The service's defaults (docs/app.md) on two input partitions. */
    static final KafkaPathSettings DEFAULTS = new KafkaPathSettings(2, 1, KafkaProperties.DEFAULT_COMMIT_INTERVAL,
            BatchSettings.DEFAULTS.size(), BatchSettings.DEFAULTS.maxWait());

    KafkaPathSettings {
        if (partitions < 1 || streamThreads < 1 || microBatchSize < 1) {
            throw new IllegalArgumentException("partitions, stream threads and the micro-batch size must be positive");
        }
    }
}
