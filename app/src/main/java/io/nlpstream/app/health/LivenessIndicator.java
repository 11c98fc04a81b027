package io.nlpstream.app.health;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** {@code /health/liveness}: see {@link ServiceHealth#alive()}. */
@Singleton
@Liveness
final class LivenessIndicator implements HealthIndicator {
    private final ServiceHealth health;

    LivenessIndicator(ServiceHealth health) {
        this.health = health;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("nlp-stream-liveness",
                health.alive() ? HealthStatus.UP : HealthStatus.DOWN).details(health.details()).build());
    }
}
