package io.nlpstream.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code kafka.sasl.*}: how the service authenticates to Kafka, as separate values rather than a JAAS line, so a
 * password may hold any character ({@code KafkaSasl} writes the JAAS line and quotes it). Unset mechanism: no SASL
 * from here ({@code kafka.properties.*} may still carry Kafka's own keys, and win). Never logged.
 */
@ConfigurationProperties("kafka.sasl")
public class KafkaSaslProperties {
    private String mechanism;
    private String username;
    private String password;
    private String tokenEndpointUrl;
    private String clientId;
    private String clientSecret;
    private String scope;

    public String getMechanism() {
        return mechanism;
    }

    public void setMechanism(String mechanism) {
        this.mechanism = mechanism;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** OAUTHBEARER: the OAuth token endpoint the client-credentials grant is sent to. */
    public String getTokenEndpointUrl() {
        return tokenEndpointUrl;
    }

    public void setTokenEndpointUrl(String tokenEndpointUrl) {
        this.tokenEndpointUrl = tokenEndpointUrl;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }

    @Override
    public String toString() {
        return "kafka.sasl(mechanism=" + mechanism + ", credentials " + (password == null && clientSecret == null
                ? "none" : "set") + ")";
    }
}
