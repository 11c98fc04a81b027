package io.nlpstream.app.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * The one access rule of the API: with authentication required, an authenticated caller may use every route and
 * nobody else may (the filter answers 401, or 403 when credentials were sent and rejected:
 * {@link RejectedCredentialsHandler}); without, everyone may. Runs after Micronaut's endpoint rule, so the
 * health and Prometheus endpoints stay open to probes and scrapers (their port is the place to restrict them).
 */
@Singleton
final class ApiAccessRule implements SecurityRule<HttpRequest<?>> {
    static final int ORDER = SensitiveEndpointRule.ORDER + 100;

    private final ApiAccess access;

    ApiAccessRule(ApiAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        if (!access.required() || authentication != null) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        return Publishers.just(SecurityRuleResult.UNKNOWN);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
