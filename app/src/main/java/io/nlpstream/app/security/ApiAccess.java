package io.nlpstream.app.security;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.server.HttpServerConfiguration;
import io.nlpstream.app.config.ApiAuthentication;
import io.nlpstream.app.config.ApiProperties;
import io.nlpstream.app.config.InvalidConfigurationException;

/**
 * The API's authentication as configured, checked when the service starts (a missing keys file or JWT key source
 * stops start-up with one sentence instead of rejecting every request later).
 */
@Context
public final class ApiAccess {
    private final ApiAuthentication mode;
    private final ApiKeys keys;
    private final JwtKeySource jwtKeys;

    ApiAccess(ApiProperties properties, ApiProperties.Jwt jwt, HttpServerConfiguration server) {
        this.mode = properties.getAuthentication().orElse(null);
        ApiExposure.check(properties.getAuthentication(), server.getHost());
        this.keys = mode == ApiAuthentication.API_KEY ? ApiKeys.read(Path.of(required("api.keys-file",
                properties.getKeysFile())), Clock.systemUTC()) : null;
        this.jwtKeys = mode == ApiAuthentication.JWT ? JwtKeySource.of(jwt) : null;
    }

    /** Empty when {@code api.authentication} is not set (open, allowed only on loopback: {@link ApiExposure}). */
    public Optional<ApiAuthentication> mode() {
        return Optional.ofNullable(mode);
    }

    /** Whether callers must authenticate. */
    public boolean required() {
        return mode == ApiAuthentication.API_KEY || mode == ApiAuthentication.JWT;
    }

    Optional<ApiKeys> keys() {
        return Optional.ofNullable(keys);
    }

    Optional<JwtKeySource> jwtKeys() {
        return Optional.ofNullable(jwtKeys);
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException(key + " must be set when api.authentication is api-key.");
        }
        return value.trim();
    }
}
