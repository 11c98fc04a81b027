package io.nlpstream.it;

import java.nio.file.Path;

import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.ScenarioTopics;

/** Configurations the reliability scenarios share. */
final class Scenarios {
    private Scenarios() {
    }

    /**
     * One JSON pipeline through demo-sentiment (the fast model: the scenarios are about Kafka, not inference), Avro
     * out, with a 10 s session timeout: a killed instance's partitions move after 10 s instead of Kafka's 45 s
     * default, the setting a deployment that restarts crashed pods quickly would choose.
     */
    static AppConfig sentimentApp(Infrastructure infra, String name, Path stateDir, ScenarioTopics topics) {
        return AppConfig.of(infra, "it-" + name, stateDir)
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .pipeline(Pipeline.of(name, Input.json(topics.input()), topics.output(), topics.deadLetters(),
                        "sentiment"))
                .kafkaProperty("session.timeout.ms", 10_000)
                .kafkaProperty("heartbeat.interval.ms", 2_000);
    }
}
