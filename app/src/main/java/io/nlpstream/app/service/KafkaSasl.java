package io.nlpstream.app.service;

import java.util.LinkedHashMap;
import java.util.Map;

import io.nlpstream.app.config.ConfigValues;
import io.nlpstream.app.config.KafkaSaslProperties;

/**
 * Kafka client properties for {@code kafka.sasl.*}: {@code sasl.mechanism} and a {@code sasl.jaas.config} line whose
 * values are quoted and escaped, so that a password holding {@code "}, {@code \}, spaces or {@code ;} is passed
 * as it is instead of breaking the line (Kafka reads the quoted values with Java's StreamTokenizer, which undoes
 * these escapes).
 */
final class KafkaSasl {
    /** The SASL mechanisms the service configures itself. */
    enum Mechanism {
        PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
        SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule"),
        OAUTHBEARER("OAUTHBEARER", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule");

        final String kafkaName;
        final String loginModule;

        Mechanism(String kafkaName, String loginModule) {
            this.kafkaName = kafkaName;
            this.loginModule = loginModule;
        }
    }

    /** Kafka 4 reads an OAuth token endpoint only from URLs this system property lists. */
    static final String ALLOWED_TOKEN_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    private KafkaSasl() {
    }

    /** The client properties, empty when no mechanism is configured. */
    static Map<String, String> clientProperties(KafkaSaslProperties p) {
        Map<String, String> props = new LinkedHashMap<>();
        if (p.getMechanism() == null || p.getMechanism().isBlank()) {
            return props;
        }
        Mechanism mechanism = ConfigValues.enumValue("kafka.sasl.mechanism", p.getMechanism(), Mechanism.class);
        props.put("sasl.mechanism", mechanism.kafkaName);
        Map<String, String> options = new LinkedHashMap<>();
        if (mechanism == Mechanism.OAUTHBEARER) {
            String url = ConfigValues.required("kafka.sasl.token-endpoint-url", p.getTokenEndpointUrl());
            options.put("clientId", ConfigValues.required("kafka.sasl.client-id", p.getClientId()));
            options.put("clientSecret", ConfigValues.required("kafka.sasl.client-secret", p.getClientSecret()));
            if (p.getScope() != null && !p.getScope().isBlank()) {
                options.put("scope", p.getScope().trim());
            }
            props.put("sasl.oauthbearer.token.endpoint.url", url);
            props.put("sasl.login.callback.handler.class",
                    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
            allowTokenEndpoint(url);
        } else {
            options.put("username", ConfigValues.required("kafka.sasl.username", p.getUsername()));
            if (p.getPassword() == null || p.getPassword().isEmpty()) {
                throw new io.nlpstream.app.config.InvalidConfigurationException("kafka.sasl.password must be set.");
            }
            options.put("password", p.getPassword());
        }
        StringBuilder jaas = new StringBuilder(mechanism.loginModule).append(" required");
        options.forEach((name, value) -> jaas.append(' ').append(name).append('=').append(quote(value)));
        props.put("sasl.jaas.config", jaas.append(';').toString());
        return props;
    }

    /** {@code value} as a JAAS quoted string. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    /**
     * The configured endpoint is the operator's choice, so it is allowed; a list the JVM was started with is kept
     * and extended.
     */
    private static synchronized void allowTokenEndpoint(String url) {
        String allowed = System.getProperty(ALLOWED_TOKEN_URLS);
        if (allowed == null || allowed.isBlank()) {
            System.setProperty(ALLOWED_TOKEN_URLS, url);
        } else if (!java.util.Arrays.asList(allowed.split(",")).contains(url)) {
            System.setProperty(ALLOWED_TOKEN_URLS, allowed + "," + url);
        }
    }
}
