package io.nlpstream.app.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** {@code /health/readiness}: see {@link ServiceHealth#ready()}. */
@Singleton
@Readiness
final class ReadinessIndicator implements HealthIndicator {
    private final ServiceHealth health;

    ReadinessIndicator(ServiceHealth health) {
        this.health = health;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("nlp-stream", health.ready() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(health.details()).build());
    }
}
