package io.nlpstream.app.config;

import java.time.Duration;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code schema-registry.*}: the Confluent-compatible registry for Avro topics, under the names users of
 * Confluent's serde know. Credentials are never logged ({@link #toString()} leaves them out). TLS: a trust store for a
 * registry on a private CA (PKCS12, JKS or PEM certificates), a key store (PKCS12 or JKS) for one that requires a
 * client certificate; the registry's certificate must always name its host. Timeouts and retries left unset are the
 * client's ({@code RegistryClientSettings}).
 */
@ConfigurationProperties("schema-registry")
public class SchemaRegistryProperties {
    private String url = "http://localhost:8081";
    private String basicAuthUserInfo;
    private String bearerToken;
    private boolean autoRegisterSchemas = true;
    private boolean useLatestVersion;
    private String valueSubjectNameStrategy = "TopicNameStrategy";
    private String truststoreLocation;
    private String truststorePassword;
    private String truststoreType;
    private String keystoreLocation;
    private String keystorePassword;
    private String keystoreType;
    private String keyPassword;
    private Duration connectTimeout;
    private Duration requestTimeout;
    private Integer maxRetries;

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

    public String getTruststoreLocation() {
        return truststoreLocation;
    }

    public void setTruststoreLocation(String truststoreLocation) {
        this.truststoreLocation = truststoreLocation;
    }

    public String getTruststorePassword() {
        return truststorePassword;
    }

    public void setTruststorePassword(String truststorePassword) {
        this.truststorePassword = truststorePassword;
    }

    public String getTruststoreType() {
        return truststoreType;
    }

    public void setTruststoreType(String truststoreType) {
        this.truststoreType = truststoreType;
    }

    public String getKeystoreLocation() {
        return keystoreLocation;
    }

    public void setKeystoreLocation(String keystoreLocation) {
        this.keystoreLocation = keystoreLocation;
    }

    public String getKeystorePassword() {
        return keystorePassword;
    }

    public void setKeystorePassword(String keystorePassword) {
        this.keystorePassword = keystorePassword;
    }

    public String getKeystoreType() {
        return keystoreType;
    }

    public void setKeystoreType(String keystoreType) {
        this.keystoreType = keystoreType;
    }

    public String getKeyPassword() {
        return keyPassword;
    }

    public void setKeyPassword(String keyPassword) {
        this.keyPassword = keyPassword;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    /** {@link #getUrl()} with any {@code user:password@} replaced: a URL may carry the registry's credentials. */
    public String redactedUrl() {
        return url == null ? null : url.replaceAll("(?i)(https?://)[^/@,\\s]*@", "$1[hidden]@");
    }

    @Override
    public String toString() {
        return "schema-registry(url=" + redactedUrl() + ", credentials " + (blank(basicAuthUserInfo) && blank(bearerToken)
                ? "none" : "set") + ")";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
