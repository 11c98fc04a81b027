package io.nlpstream.app.security;

import java.util.Map;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.nlpstream.app.config.ApiAuthentication;
import jakarta.inject.Singleton;

/**
 * The answer to a refused request: 401 (with {@code WWW-Authenticate}) when it carried no credentials, 403 when it
 * carried some that were not accepted (an unknown API key, a JWT that is invalid, expired or signed by another
 * key). Micronaut's own handler answers 401 to both, which tells a client with a revoked key to retry instead of
 * to get a new one. The reason stays out of the body: a caller learns nothing about which keys exist.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
final class RejectedCredentialsHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {
    private final ApiAccess access;

    RejectedCredentialsHandler(ApiAccess access) {
        this.access = access;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden() || ApiKeyAuthenticationFetcher.carriesCredentials(request)) {
            return error(HttpStatus.FORBIDDEN, "the credentials sent are not accepted");
        }
        return error(HttpStatus.UNAUTHORIZED, "authentication required")
                .header(HttpHeaders.WWW_AUTHENTICATE, access.mode().filter(m -> m == ApiAuthentication.JWT).isPresent()
                        ? "Bearer" : "Bearer, ApiKey header=\"" + ApiKeyAuthenticationFetcher.API_KEY_HEADER + "\"");
    }

    private static MutableHttpResponse<?> error(HttpStatus status, String message) {
        return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(Map.of("error", message));
    }
}
