package io.nlpstream.app.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Authenticates a request by its API key ({@code api.authentication: api-key}), sent as {@code X-API-Key: KEY} or
 * {@code Authorization: Bearer KEY}. The authentication's name is the key's label (never the key), which the
 * per-key limits count by.
 */
@Singleton
final class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String API_KEY_HEADER = "X-API-Key";
    static final String KEY_ID = "apiKeyId";
    private static final String BEARER = "Bearer ";

    private final ApiAccess access;

    ApiKeyAuthenticationFetcher(ApiAccess access) {
        this.access = access;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        Optional<ApiKeys> keys = access.keys();
        if (keys.isEmpty()) {
            return Publishers.empty();
        }
        return presentedKey(request).flatMap(keys.get()::match)
                .map(key -> Publishers.just(Authentication.build(key.id(), List.of(), Map.of(KEY_ID, key.id()))))
                .orElseGet(Publishers::empty);
    }

    /** The key the request carries, if any: {@code X-API-Key} first, then a bearer token. */
    static Optional<String> presentedKey(HttpRequest<?> request) {
        Optional<String> header = request.getHeaders().get(API_KEY_HEADER, String.class).map(String::strip);
        if (header.isPresent()) {
            return header;
        }
        return request.getHeaders().getAuthorization()
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).strip());
    }

    /** Whether the request carries credentials of any kind (then a refusal is 403, not 401). */
    static boolean carriesCredentials(HttpRequest<?> request) {
        return request.getHeaders().contains(API_KEY_HEADER) || request.getHeaders().contains(HttpHeaders.AUTHORIZATION);
    }
}
