package io.nlpstream.app.service;

import java.util.HashMap;
import java.util.Map;

import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.SchemaRegistryProperties;
import io.nlpstream.schemas.registry.RegistryClientSettings;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.RestSchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import io.nlpstream.schemas.registry.SchemaRegistryException;
import io.nlpstream.schemas.serde.AvroSerdeSettings;
import org.apache.kafka.common.config.ConfigException;

/**
 * The Schema Registry client the Avro serdes share, configured with the Confluent serde keys from
 * {@code schema-registry.*}, and checked at start-up: an unreachable registry or rejected credentials stop the
 * service with one sentence instead of dead-lettering every event later.
 */
final class RegistryConnection {
    /** A subject nobody registers: looking it up proves the registry answers (404 40401) without changing it. */
    static final String PROBE_SUBJECT = "__nlp-stream-startup-probe";

    private RegistryConnection() {
    }

    /** The Kafka-serde style configuration of the registry client and the Avro serdes. */
    static Map<String, Object> serdeConfig(SchemaRegistryProperties p) {
        Map<String, Object> config = new HashMap<>();
        config.put(RegistryClientSettings.URL, p.getUrl());
        if (p.getBasicAuthUserInfo() != null && !p.getBasicAuthUserInfo().isBlank()) {
            config.put(RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            config.put(RegistryClientSettings.BASIC_AUTH_USER_INFO, p.getBasicAuthUserInfo());
        }
        if (p.getBearerToken() != null && !p.getBearerToken().isBlank()) {
            config.put(RegistryClientSettings.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN");
            config.put(RegistryClientSettings.BEARER_AUTH_TOKEN, p.getBearerToken());
        }
        putIfSet(config, RegistryClientSettings.TRUSTSTORE_LOCATION, p.getTruststoreLocation());
        putIfSet(config, RegistryClientSettings.TRUSTSTORE_PASSWORD, p.getTruststorePassword());
        putIfSet(config, RegistryClientSettings.TRUSTSTORE_TYPE, p.getTruststoreType());
        putIfSet(config, RegistryClientSettings.KEYSTORE_LOCATION, p.getKeystoreLocation());
        putIfSet(config, RegistryClientSettings.KEYSTORE_PASSWORD, p.getKeystorePassword());
        putIfSet(config, RegistryClientSettings.KEYSTORE_TYPE, p.getKeystoreType());
        putIfSet(config, RegistryClientSettings.KEY_PASSWORD, p.getKeyPassword());
        if (p.getConnectTimeout() != null) {
            config.put(RegistryClientSettings.CONNECT_TIMEOUT_MS, p.getConnectTimeout().toMillis());
        }
        if (p.getRequestTimeout() != null) {
            config.put(RegistryClientSettings.READ_TIMEOUT_MS, p.getRequestTimeout().toMillis());
        }
        if (p.getMaxRetries() != null) {
            config.put(RegistryClientSettings.MAX_RETRIES, p.getMaxRetries());
        }
        config.put(AvroSerdeSettings.AUTO_REGISTER_SCHEMAS, p.isAutoRegisterSchemas());
        config.put(AvroSerdeSettings.USE_LATEST_VERSION, p.isUseLatestVersion());
        config.put(AvroSerdeSettings.VALUE_SUBJECT_NAME_STRATEGY, p.getValueSubjectNameStrategy());
        return config;
    }

    private static void putIfSet(Map<String, Object> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.put(key, value.trim());
        }
    }

    /** A client for the configured registry, after one request proved it answers and accepts the credentials. */
    static SchemaRegistryClient open(SchemaRegistryProperties p) {
        if (p.getUrl() == null || p.getUrl().isBlank()) {
            throw new InvalidConfigurationException("schema-registry.url must be set when a topic uses the AVRO "
                    + "format.");
        }
        SchemaRegistryClient client;
        try {
            AvroSerdeSettings.fromConfig(serdeConfig(p), false);
            client = RestSchemaRegistryClient.fromConfig(serdeConfig(p));
        } catch (ConfigException e) {
            throw new InvalidConfigurationException("schema-registry is invalid: " + e.getMessage() + ".", e);
        }
        try {
            client.latest(PROBE_SUBJECT);
        } catch (SchemaNotFoundException expected) {
            return client;
        } catch (RegistryUnavailableException e) {
            client.close();
            throw new InvalidConfigurationException("schema-registry.url " + p.redactedUrl()
                    + " cannot be reached ("
                    + rootMessage(e) + ")" + RegistryTlsHints.hint(e, p) + ".", e);
        } catch (SchemaRegistryException e) {
            client.close();
            throw new InvalidConfigurationException("schema-registry.url " + p.redactedUrl()
                    + " refused the service's "
                    + "requests (HTTP " + e.httpStatus() + ", " + e.getMessage() + ").", e);
        }
        return client;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
