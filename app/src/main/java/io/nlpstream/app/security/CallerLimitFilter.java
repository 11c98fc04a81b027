package io.nlpstream.app.security;

import java.time.Duration;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;

/**
 * Answers 429 with {@code Retry-After} (whole seconds, at least 1) to a caller past its requests per second
 * ({@code api.limits.requests-per-second}). Runs after authentication, on the API's routes only: probes and
 * scrapers of the management endpoints are not callers.
 */
@ServerFilter({"/v1/**", "/models", "/models/**"})
final class CallerLimitFilter implements Ordered {
    private final CallerLimits limits;

    CallerLimitFilter(CallerLimits limits) {
        this.limits = limits;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        String caller = request.getUserPrincipal(Authentication.class).map(Authentication::getName).orElse(null);
        if (caller == null) {
            return null;
        }
        Duration wait = limits.admitRequest(caller);
        if (wait.isZero()) {
            return null;
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Map.of("error", "more than " + perSecond(limits.requestsPerSecond()) + " requests per second from this "
                        + "caller; retry after " + seconds + " s"));
    }

    private static String perSecond(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
