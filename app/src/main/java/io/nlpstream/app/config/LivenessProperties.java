package io.nlpstream.app.config;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code liveness.*}: when {@code /health/liveness} reports DOWN although Kafka Streams still runs, so an
 * orchestrator restarts an instance that does not recover by itself.
 */
@ConfigurationProperties("liveness")
public class LivenessProperties {
    private int maxThreadReplacements = 3;
    private Duration threadReplacementWindow = Duration.ofMinutes(10);

    /** Stream-thread replacements within the window at which the instance is no longer alive. */
    public int getMaxThreadReplacements() {
        return maxThreadReplacements;
    }

    public void setMaxThreadReplacements(int maxThreadReplacements) {
        this.maxThreadReplacements = maxThreadReplacements;
    }

    /** How far back stream-thread replacements count for liveness. */
    public Duration getThreadReplacementWindow() {
        return threadReplacementWindow;
    }

    public void setThreadReplacementWindow(Duration threadReplacementWindow) {
        this.threadReplacementWindow = threadReplacementWindow;
    }
}
