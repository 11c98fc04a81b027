package io.nlpstream.app.security;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.nlpstream.app.config.ApiProperties;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What one authenticated caller (an API key, or a JWT subject) may ask of the API ({@code api.limits.*}), so that
 * one client cannot take the models from the stream or from the other clients. Counted per caller; the service's
 * own limits for everyone together are separate. An unauthenticated API ({@code none}) has no callers to tell
 * apart and is not limited here.
 */
@Singleton
public final class CallerLimits {
    private final double requestsPerSecond;
    private final int maxItemsPerRequest;
    private final LongSupplier nanoTime;
    // Idle callers' buckets are full again after at most a second: forgetting them after a minute changes nothing.
    private final Cache<String, RequestRate> rates = Caffeine.newBuilder().expireAfterAccess(1, TimeUnit.MINUTES)
            .maximumSize(100_000).build();

    @Inject
    public CallerLimits(ApiProperties.Limits limits) {
        this(limits, System::nanoTime);
    }

    CallerLimits(ApiProperties.Limits limits, LongSupplier nanoTime) {
        this.requestsPerSecond = limits.getRequestsPerSecond();
        this.maxItemsPerRequest = limits.getMaxItemsPerRequest();
        this.nanoTime = nanoTime;
    }

    /** Counts one request of {@code caller}: {@link Duration#ZERO} when admitted, else when to retry. */
    public Duration admitRequest(String caller) {
        if (requestsPerSecond <= 0) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        return rates.get(caller, c -> new RequestRate(requestsPerSecond, now)).take(now);
    }

    double requestsPerSecond() {
        return requestsPerSecond;
    }

    /** The most items one request of a caller may carry, when limited. */
    public OptionalInt maxItemsPerRequest() {
        return maxItemsPerRequest > 0 ? OptionalInt.of(maxItemsPerRequest) : OptionalInt.empty();
    }
}
