package io.nlpstream.app.config;

import java.util.Optional;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code api.*}: who may call the HTTP API ({@code /v1/*}, {@code /models}) and how much each API key may ask.
 * docs/security.md explains each key; the defaults are here and in application.yml.
 */
@ConfigurationProperties("api")
public class ApiProperties {
    private ApiAuthentication authentication;
    private String keysFile;

    /** Empty when the configuration does not say: the API is then open only on a loopback address. */
    public Optional<ApiAuthentication> getAuthentication() {
        return Optional.ofNullable(authentication);
    }

    public void setAuthentication(String authentication) {
        this.authentication = authentication == null || authentication.isBlank() ? null
                : ConfigValues.enumValue("api.authentication", authentication, ApiAuthentication.class);
    }

    public String getKeysFile() {
        return keysFile;
    }

    public void setKeysFile(String keysFile) {
        this.keysFile = keysFile;
    }

    /** {@code api.jwt.*}: where the keys that sign accepted tokens come from (one of the two). */
    @ConfigurationProperties("jwt")
    public static class Jwt {
        private String jwksUrl;
        private String publicKeyFile;

        public String getJwksUrl() {
            return jwksUrl;
        }

        public void setJwksUrl(String jwksUrl) {
            this.jwksUrl = jwksUrl;
        }

        public String getPublicKeyFile() {
            return publicKeyFile;
        }

        public void setPublicKeyFile(String publicKeyFile) {
            this.publicKeyFile = publicKeyFile;
        }
    }

    /** {@code api.limits.*}: what one API key may ask; 0 means no limit. */
    @ConfigurationProperties("limits")
    public static class Limits {
        private double requestsPerSecond;
        private int maxItemsPerRequest;

        public double getRequestsPerSecond() {
            return requestsPerSecond;
        }

        public void setRequestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = ConfigValues.between("api.limits.requests-per-second", requestsPerSecond, 0,
                    1_000_000);
        }

        public int getMaxItemsPerRequest() {
            return maxItemsPerRequest;
        }

        public void setMaxItemsPerRequest(int maxItemsPerRequest) {
            this.maxItemsPerRequest = ConfigValues.atLeast("api.limits.max-items-per-request", maxItemsPerRequest, 0);
        }
    }
}
