package io.nlpstream.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a Schema Registry, read from the config keys Confluent users know. Credentials are held but never
 * printed: {@link #toString()} redacts them and the URLs are stored without user-info.
 *
 * @param urls           base URLs tried in turn (a base may carry a path, e.g. Apicurio's {@code /apis/ccompat/v7})
 * @param authorization  the {@code Authorization} header value, if any (Basic or Bearer)
 * @param connectTimeout TCP/TLS connect timeout
 * @param requestTimeout timeout of one HTTP exchange
 * @param maxRetries     retries after the first round over all URLs fails with I/O, timeout, 429 or 5xx
 * @param retryBackoff   wait before the first retry; doubled each retry up to {@code maxRetryBackoff}
 * @param callTimeout    the most one call may take, its retries and pauses included: a call on a stream thread
 *                       must end well within the consumer's {@code max.poll.interval.ms}, whatever the registry does
 * @param cacheCapacity  entries kept in each of the client's caches (bounded; Caffeine evicts by recency and frequency)
 * @param latestTtl      how long a {@code latest} answer is cached; negative caches forever
 * @param trustStore     optional trust store for {@code https://} registries with a private CA
 * @param keyStore       optional key store holding the client certificate a registry that requires mutual TLS checks
 */
public record RegistryClientSettings(
        List<URI> urls,
        Optional<String> authorization,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Duration callTimeout,
        int cacheCapacity,
        Duration latestTtl,
        Optional<TrustStore> trustStore,
        Optional<KeyStore> keyStore) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    /** Not a Confluent key: the bound on one call with all its retries ({@link #callTimeout()}). */
    public static final String CALL_TIMEOUT_MS = "schema.registry.call.timeout.ms";
    public static final long DEFAULT_CALL_TIMEOUT_MS = 30_000;
    public static final String CACHE_CAPACITY = "schema.registry.cache.capacity";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";

    /**
     * A JKS/PKCS12 trust store, or PEM certificates ({@code type} PEM); the password is redacted from
     * {@link #toString()}.
     */
    public record TrustStore(String location, String password, String type) {
        @Override
        public String toString() {
            return "TrustStore[location=" + location + ", type=" + type + ", password=" + (password == null ? "none" : "[hidden]") + "]";
        }
    }

    /** A JKS/PKCS12 key store with the client's key and certificate chain; passwords redacted from {@link #toString()}. */
    public record KeyStore(String location, String password, String type, String keyPassword) {
        @Override
        public String toString() {
            return "KeyStore[location=" + location + ", type=" + type + ", password=" + (password == null ? "none"
                    : "[hidden]") + "]";
        }
    }

    public RegistryClientSettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new ConfigException(URL + " must name at least one registry URL");
        }
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(keyStore, "keyStore");
        if (maxRetries < 0 || cacheCapacity < 1) {
            throw new ConfigException("max.retries must be >= 0 and the cache capacity >= 1");
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new ConfigException(CALL_TIMEOUT_MS + " must be positive");
        }
    }

    /** Settings for {@code url} with defaults for everything else and no credentials. */
    public static RegistryClientSettings of(String url) {
        return fromConfig(Map.of(URL, url));
    }

    /** Reads the settings from Kafka-style serde configs (values may be strings, numbers or {@link Password}s). */
    public static RegistryClientSettings fromConfig(Map<String, ?> config) {
        String rawUrls = string(config, URL).orElseThrow(() -> new ConfigException("missing required config " + URL));
        List<URI> urls = new ArrayList<>();
        String urlUserInfo = null;
        for (String part : rawUrls.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            URI uri = parseUrl(part.trim());
            if (uri.getRawUserInfo() != null) {
                urlUserInfo = java.net.URLDecoder.decode(uri.getRawUserInfo(), java.nio.charset.StandardCharsets.UTF_8);
            }
            urls.add(withoutUserInfo(uri));
        }
        return new RegistryClientSettings(
                urls,
                authorization(config, urlUserInfo),
                Duration.ofMillis(longValue(config, CONNECT_TIMEOUT_MS, 10_000)),
                Duration.ofMillis(longValue(config, READ_TIMEOUT_MS, 30_000)),
                (int) longValue(config, MAX_RETRIES, 3),
                Duration.ofMillis(longValue(config, RETRIES_WAIT_MS, 200)),
                Duration.ofMillis(longValue(config, RETRIES_MAX_WAIT_MS, 5_000)),
                Duration.ofMillis(longValue(config, CALL_TIMEOUT_MS, DEFAULT_CALL_TIMEOUT_MS)),
                (int) longValue(config, CACHE_CAPACITY, 1_000),
                Duration.ofSeconds(longValue(config, LATEST_CACHE_TTL_SEC, -1)),
                string(config, TRUSTSTORE_LOCATION).map(location -> new TrustStore(location,
                        string(config, TRUSTSTORE_PASSWORD).orElse(null),
                        string(config, TRUSTSTORE_TYPE).orElse("PKCS12"))),
                string(config, KEYSTORE_LOCATION).map(location -> new KeyStore(location,
                        string(config, KEYSTORE_PASSWORD).orElse(null),
                        string(config, KEYSTORE_TYPE).orElse("PKCS12"),
                        string(config, KEY_PASSWORD).orElse(null))));
    }

    @Override
    public String toString() {
        return "RegistryClientSettings[urls=" + urls
                + ", authorization=" + authorization.map(a -> a.substring(0, a.indexOf(' ')) + " [hidden]").orElse("none")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff + ", maxRetryBackoff=" + maxRetryBackoff + ", callTimeout=" + callTimeout
                + ", cacheCapacity=" + cacheCapacity + ", latestTtl=" + latestTtl
                + ", trustStore=" + trustStore.map(TrustStore::toString).orElse("default")
                + ", keyStore=" + keyStore.map(KeyStore::toString).orElse("none") + "]";
    }

    private static Optional<String> authorization(Map<String, ?> config, String urlUserInfo) {
        Optional<String> token = string(config, BEARER_AUTH_TOKEN);
        Optional<String> basicSource = string(config, BASIC_AUTH_CREDENTIALS_SOURCE).map(s -> s.toUpperCase(Locale.ROOT));
        Optional<String> bearerSource = string(config, BEARER_AUTH_CREDENTIALS_SOURCE).map(s -> s.toUpperCase(Locale.ROOT));
        if (bearerSource.isPresent() && !bearerSource.get().equals("STATIC_TOKEN")) {
            throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE + " supports only STATIC_TOKEN, was " + bearerSource.get());
        }
        if (token.isPresent()) {
            if (basicSource.isPresent()) {
                throw new ConfigException("configure either basic auth or " + BEARER_AUTH_TOKEN + ", not both");
            }
            return Optional.of("Bearer " + token.get());
        }
        if (bearerSource.isPresent()) {
            throw new ConfigException(BEARER_AUTH_CREDENTIALS_SOURCE + "=STATIC_TOKEN needs " + BEARER_AUTH_TOKEN);
        }
        String userInfo;
        if (basicSource.isEmpty()) {
            userInfo = urlUserInfo;
        } else {
            userInfo = switch (basicSource.get()) {
                case "USER_INFO" -> string(config, BASIC_AUTH_USER_INFO).orElseThrow(() -> new ConfigException(
                        BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs " + BASIC_AUTH_USER_INFO));
                case "URL" -> Optional.ofNullable(urlUserInfo).orElseThrow(() -> new ConfigException(
                        BASIC_AUTH_CREDENTIALS_SOURCE + "=URL needs user:password@ in " + URL));
                default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE
                        + " supports USER_INFO and URL, was " + basicSource.get());
            };
        }
        if (userInfo == null) {
            return Optional.empty();
        }
        if (!userInfo.contains(":")) {
            // Deliberately not echoing the value: it is a secret even when malformed.
            throw new ConfigException("basic auth user info must have the form user:password");
        }
        return Optional.of("Basic " + java.util.Base64.getEncoder()
                .encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException(URL + " entries must be http:// or https:// URLs with a host, got "
                        + safe(url));
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(URL + " has a malformed URL: " + safe(url));
        }
    }

    /** The URL without anything that might be a password. */
    private static String safe(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at > 0 && scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "[hidden]@" + url.substring(at + 1) : url;
    }

    private static URI withoutUserInfo(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path);
    }

    private static Optional<String> string(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value instanceof Password password) {
            value = password.value();
        }
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.toString().trim());
    }

    private static long longValue(Map<String, ?> config, String key, long fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a whole number");
        }
    }
}
