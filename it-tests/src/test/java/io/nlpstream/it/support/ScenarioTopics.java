package io.nlpstream.it.support;

import java.util.List;

import io.nlpstream.it.cluster.KafkaCluster;

/** A scenario's input, output and dead-letter topics, named after it and created with replication factor 3. */
public record ScenarioTopics(String input, String output, String deadLetters) {

    public static ScenarioTopics create(Infrastructure infra, String scenario, int partitions) {
        ScenarioTopics topics = new ScenarioTopics(scenario + "-events", scenario + "-enriched", scenario + "-dlq");
        infra.cluster().createTopics(List.of(KafkaCluster.topic(topics.input, partitions),
                KafkaCluster.topic(topics.output, partitions), KafkaCluster.topic(topics.deadLetters, 1)));
        return topics;
    }
}
