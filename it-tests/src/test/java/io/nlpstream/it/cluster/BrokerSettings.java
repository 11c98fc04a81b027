package io.nlpstream.it.cluster;

import static io.nlpstream.it.cluster.KafkaCluster.MIN_INSYNC_REPLICAS;
import static io.nlpstream.it.cluster.KafkaCluster.REPLICATION_FACTOR;

import java.util.Map;

/** Broker settings both cluster kinds share (as strings, what a server.properties holds). */
final class BrokerSettings {
    static final Map<String, String> ALL = Map.ofEntries(
            // Internal topics replicated like the scenarios' topics, so one broker down loses no coordinator.
            Map.entry("offsets.topic.replication.factor", String.valueOf(REPLICATION_FACTOR)),
            Map.entry("transaction.state.log.replication.factor", String.valueOf(REPLICATION_FACTOR)),
            Map.entry("transaction.state.log.min.isr", String.valueOf(MIN_INSYNC_REPLICAS)),
            Map.entry("default.replication.factor", String.valueOf(REPLICATION_FACTOR)),
            Map.entry("min.insync.replicas", String.valueOf(MIN_INSYNC_REPLICAS)),
            // Fewer coordinator partitions than the default 50: less to move when brokers restart on 2 cores.
            Map.entry("offsets.topic.num.partitions", "6"),
            Map.entry("transaction.state.log.num.partitions", "6"),
            Map.entry("auto.create.topics.enable", "false"),
            // A first member does not wait 3 s for company; the scenarios start instances one by one anyway.
            Map.entry("group.initial.rebalance.delay.ms", "0"));

    private BrokerSettings() {
    }
}
