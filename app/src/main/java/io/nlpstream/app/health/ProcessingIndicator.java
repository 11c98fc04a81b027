package io.nlpstream.app.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Part of {@code /health} (not liveness or readiness): DOWN while processing is paused, see
 * {@link ServiceHealth#processing()}.
 */
@Singleton
final class ProcessingIndicator implements HealthIndicator {
    private final ServiceHealth health;

    ProcessingIndicator(ServiceHealth health) {
        this.health = health;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("nlp-stream-processing",
                health.processing() ? HealthStatus.UP : HealthStatus.DOWN).details(health.details()).build());
    }
}
