package io.nlpstream.app.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code schema-registry.*}: the Confluent-compatible registry for Avro topics, under the names users of
 * Confluent's serde know. Credentials are never logged ({@link #toString()} leaves them out).
 */
@ConfigurationProperties("schema-registry")
public class SchemaRegistryProperties {
    private String url = "http://localhost:8081";
    private String basicAuthUserInfo;
    private String bearerToken;
    private boolean autoRegisterSchemas = true;
    private boolean useLatestVersion;
    private String valueSubjectNameStrategy = "TopicNameStrategy";

    /**
     * Confluent-compatible registry (Confluent, Karapace, Redpanda, Apicurio's {@code /apis/ccompat/v7});
     * comma-separated for several; {@code user:password@} in the URL works too.
     */
    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    /** {@code user:password} for HTTP basic auth (from a Secret; never logged). */
    public String getBasicAuthUserInfo() {
        return basicAuthUserInfo;
    }

    public void setBasicAuthUserInfo(String basicAuthUserInfo) {
        this.basicAuthUserInfo = basicAuthUserInfo;
    }

    /** A static bearer token instead. */
    public String getBearerToken() {
        return bearerToken;
    }

    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    /**
     * Register the output schema on first use; false: it must be registered already ({@code POST /subjects/{s}}
     * lookup).
     */
    public boolean isAutoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public void setAutoRegisterSchemas(String autoRegisterSchemas) {
        this.autoRegisterSchemas = ConfigValues.bool("schema-registry.auto-register-schemas", autoRegisterSchemas);
    }

    /** Write with the subject's latest schema instead of the built-in one. */
    public boolean isUseLatestVersion() {
        return useLatestVersion;
    }

    public void setUseLatestVersion(String useLatestVersion) {
        this.useLatestVersion = ConfigValues.bool("schema-registry.use-latest-version", useLatestVersion);
    }

    /**
     * {@code TopicNameStrategy}, {@code RecordNameStrategy} or {@code TopicRecordNameStrategy} (Confluent's class
     * names are accepted too).
     */
    public String getValueSubjectNameStrategy() {
        return valueSubjectNameStrategy;
    }

    public void setValueSubjectNameStrategy(String valueSubjectNameStrategy) {
        this.valueSubjectNameStrategy = valueSubjectNameStrategy;
    }

    @Override
    public String toString() {
        return "schema-registry(url=" + url + ", credentials " + (blank(basicAuthUserInfo) && blank(bearerToken)
                ? "none" : "set") + ")";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
