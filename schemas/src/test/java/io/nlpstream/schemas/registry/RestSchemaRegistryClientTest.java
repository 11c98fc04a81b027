package io.nlpstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.nlpstream.schemas.testing.Events;
import io.nlpstream.schemas.testing.StubRegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against {@link StubRegistryServer} (the registry's four calls over HTTP): what it sends, what it
 * caches, how it retries and maps Confluent's errors. Its contract with a real registry is checked in the tools
 * module against the embedded one.
 */
class RestSchemaRegistryClientTest {
    private static final Schema PING = SchemaBuilder.record("Ping").namespace("test").fields().requiredString("name").endRecord();
    private static final Schema PING_INT = SchemaBuilder.record("Ping").namespace("test").fields().requiredInt("name").endRecord();

    private StubRegistryServer registry;

    @BeforeEach
    void start() {
        registry = StubRegistryServer.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void registersLooksUpFetchesByIdAndLatest() {
        try (var client = Events.client(registry.url())) {
            int id = client.register("pings-value", PING);
            assertThat(client.register("pings-value", PING)).isEqualTo(id);
            assertThat(Events.client(registry.url()).idOf("pings-value", PING)).isEqualTo(id);
            assertThat(Events.client(registry.url()).schemaById(id)).isEqualTo(PING);
            RegisteredSchema latest = client.latest("pings-value");
            assertThat(latest).isEqualTo(new RegisteredSchema("pings-value", id, 1, PING));
        }
    }

    @Test
    void cachesBothWays() {
        try (var client = Events.client(registry.url())) {
            int id = client.register("s", PING);
            long afterRegister = registry.requestCount();
            assertThat(client.register("s", PING)).isEqualTo(id);
            assertThat(client.idOf("s", PING)).isEqualTo(id);
            assertThat(client.schemaById(id)).isEqualTo(PING);
            assertThat(registry.requestCount()).isEqualTo(afterRegister);

            client.latest("s");
            client.latest("s");
            assertThat(registry.requestCount()).isEqualTo(afterRegister + 1);
        }
    }

    @Test
    void cacheIsBounded() {
        Map<String, Object> config = Events.clientConfig(registry.url());
        config.put(RegistryClientSettings.CACHE_CAPACITY, 2);
        try (var client = RestSchemaRegistryClient.fromConfig(config)) {
            client.register("a", PING);
            client.register("b", PING);
            client.register("c", PING);
            long before = registry.requestCount();
            client.register("a", PING);
            client.register("b", PING);
            client.register("c", PING);
            // Two entries cannot answer three subjects.
            assertThat(registry.requestCount()).isGreaterThan(before);
        }
    }

    @Test
    void subjectsAreUrlEncoded() {
        try (var client = Events.client(registry.url())) {
            String subject = "odd topic/with?chars&+ü-value";
            int id = client.register(subject, PING);
            assertThat(registry.requests().get(0).rawPath())
                    .isEqualTo("/subjects/odd%20topic%2Fwith%3Fchars%26%2B%C3%BC-value/versions");
            assertThat(client.latest(subject).subject()).isEqualTo(subject);
            assertThat(Events.client(registry.url()).idOf(subject, PING)).isEqualTo(id);
        }
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        try (var client = Events.client(registry.url())) {
            registry.failNextRequests(2, 503);
            long before = registry.requestCount();
            assertThat(client.register("s", PING)).isPositive();
            assertThat(registry.requestCount() - before).isEqualTo(3);
        }
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithATypedError() {
        try (var client = Events.client(registry.url())) {
            registry.failNextRequests(10, 500);
            long before = registry.requestCount();
            assertThatThrownBy(() -> client.register("s", PING))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .satisfies(e -> assertThat(((RegistryUnavailableException) e).httpStatus()).isEqualTo(500));
            assertThat(registry.requestCount() - before).isEqualTo(3); // first try + max.retries=2
        }
    }

    @Test
    void unreachableRegistryIsUnavailable() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Map<String, Object> config = Events.clientConfig(registry.url());
        config.put(RegistryClientSettings.URL, "http://127.0.0.1:" + deadPort);
        try (var client = RestSchemaRegistryClient.fromConfig(config)) {
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .satisfies(e -> assertThat(((RegistryUnavailableException) e).httpStatus()).isEqualTo(-1));
        }
    }

    @Test
    void aCallEndsWithinItsCallTimeoutWhateverTheRetriesAndRequestTimeoutsAdd() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var executor = java.util.concurrent.Executors.newCachedThreadPool();
        silent.setExecutor(executor);
        silent.createContext("/", exchange -> {
            try {
                release.await(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            Map<String, Object> config = new HashMap<>();
            config.put(RegistryClientSettings.URL, "http://127.0.0.1:" + silent.getAddress().getPort());
            // Without the call timeout these settings hold the caller 4 x 60 s.
            config.put(RegistryClientSettings.READ_TIMEOUT_MS, 60_000);
            config.put(RegistryClientSettings.MAX_RETRIES, 3);
            config.put(RegistryClientSettings.CALL_TIMEOUT_MS, 500);
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.schemaById(1))
                        .isInstanceOf(RegistryUnavailableException.class)
                        .hasMessageContaining("call timeout of 500 ms");
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(
                        java.time.Duration.ofSeconds(50));
            }
        } finally {
            release.countDown();
            silent.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void aRegistryThatNeverAnswersTimesOut() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var executor = java.util.concurrent.Executors.newCachedThreadPool();
        silent.setExecutor(executor);
        silent.createContext("/", exchange -> {
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            Map<String, Object> config = new HashMap<>();
            config.put(RegistryClientSettings.URL, "http://127.0.0.1:" + silent.getAddress().getPort());
            config.put(RegistryClientSettings.READ_TIMEOUT_MS, 100);
            config.put(RegistryClientSettings.MAX_RETRIES, 0);
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                assertThatThrownBy(() -> client.schemaById(1))
                        .isInstanceOf(RegistryUnavailableException.class)
                        .hasRootCauseInstanceOf(java.net.http.HttpTimeoutException.class);
            }
        } finally {
            release.countDown();
            silent.stop(0);
            executor.shutdownNow();
        }
    }

    @Test
    void triesTheNextUrlWhenOneIsDown() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Map<String, Object> config = Events.clientConfig(registry.url());
        config.put(RegistryClientSettings.URL, "http://127.0.0.1:" + deadPort + ", " + registry.url());
        config.put(RegistryClientSettings.MAX_RETRIES, 0);
        try (var client = RestSchemaRegistryClient.fromConfig(config)) {
            assertThat(client.register("s", PING)).isPositive();
        }
    }

    @Test
    void mapsConfluentErrorCodesToTypedExceptions() {
        try (var client = Events.client(registry.url())) {
            assertThatThrownBy(() -> client.latest("missing"))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
            assertThatThrownBy(() -> client.schemaById(4242))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
            client.register("s", PING);
            assertThatThrownBy(() -> client.idOf("s", PING_INT))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
            assertThatThrownBy(() -> client.register("s", PING_INT))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining("s")
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
        }
        assertThat(RegistryErrors.fromResponse(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}", "x"))
                .isInstanceOf(InvalidSchemaException.class);
        assertThat(RegistryErrors.fromResponse(404, "{\"error_code\":40402,\"message\":\"Version not found\"}", "x"))
                .isInstanceOf(SchemaNotFoundException.class);
        assertThat(RegistryErrors.fromResponse(401, "<html>nope</html>", "x"))
                .isExactlyInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("rejected the credentials")
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(401));
        assertThat(RegistryErrors.fromResponse(403, "{\"error_code\":40301,\"message\":\"forbidden\"}", "x"))
                .isExactlyInstanceOf(RegistryAuthenticationException.class)
                .hasMessageContaining("lack permission");
    }

    @Test
    void worksUnderAContextPathLikeApicurioCcompat() {
        try (var ccompat = StubRegistryServer.startUnder("/apis/ccompat/v7")) {
            assertThat(ccompat.url()).endsWith("/apis/ccompat/v7");
            try (var client = Events.client(ccompat.url())) {
                int id = client.register("s", PING);
                assertThat(Events.client(ccompat.url()).schemaById(id)).isEqualTo(PING);
            }
            assertThat(ccompat.requests()).extracting(StubRegistryServer.Request::rawPath)
                    .containsExactly("/apis/ccompat/v7/subjects/s/versions", "/apis/ccompat/v7/schemas/ids/1");
        }
    }

    @Test
    void sendsBasicAuthFromUserInfoAndRejectsWrongCredentials() {
        try (var secured = StubRegistryServer.startWithBasicAuth("alice", "s3cret-pw")) {
            Map<String, Object> config = Events.clientConfig(secured.url());
            config.put(RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
            config.put(RegistryClientSettings.BASIC_AUTH_USER_INFO, new Password("alice:s3cret-pw"));
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                assertThat(client.register("s", PING)).isPositive();
            }
            config.put(RegistryClientSettings.BASIC_AUTH_USER_INFO, "alice:wrong-pw");
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                long before = secured.requestCount();
                assertThatThrownBy(() -> client.register("s", PING))
                        .isInstanceOf(RegistryAuthenticationException.class)
                        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(401))
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-pw"));
                assertThat(secured.requestCount() - before).as("a 401 is final, not retried").isEqualTo(1);
            }
            Map<String, Object> inUrl = Events.clientConfig(secured.url());
            inUrl.put(RegistryClientSettings.URL, secured.url().replace("http://", "http://alice:s3cret-pw@"));
            inUrl.put(RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "URL");
            try (var client = RestSchemaRegistryClient.fromConfig(inUrl)) {
                assertThat(client.register("s", PING)).isPositive();
                assertThat(client.toString()).doesNotContain("s3cret-pw").doesNotContain("alice");
            }
        }
    }

    @Test
    void sendsTheBearerToken() throws Exception {
        List<String> seen = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            synchronized (seen) {
                seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
                seen.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            byte[] body = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Map<String, Object> config = new HashMap<>();
            config.put(RegistryClientSettings.URL, "http://127.0.0.1:" + server.getAddress().getPort());
            config.put(RegistryClientSettings.BEARER_AUTH_TOKEN, "tok-123");
            try (var client = RestSchemaRegistryClient.fromConfig(config)) {
                assertThat(client.register("s", PING)).isEqualTo(7);
                assertThat(client.toString()).doesNotContain("tok-123").contains("Bearer [hidden]");
            }
            assertThat(seen).containsExactly("Bearer tok-123", "application/vnd.schemaregistry.v1+json");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void credentialsNeverAppearInToStringExceptionsOrLogs() {
        Map<String, Object> config = Events.clientConfig(registry.url());
        config.put(RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        config.put(RegistryClientSettings.BASIC_AUTH_USER_INFO, "bob:hunter2-secret");
        config.put(RegistryClientSettings.TRUSTSTORE_PASSWORD, "store-secret");
        RegistryClientSettings settings = RegistryClientSettings.fromConfig(config);
        assertThat(settings.toString()).doesNotContain("hunter2").doesNotContain("Ym9i").contains("Basic [hidden]");

        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Throwable failure;
        try (var client = new RestSchemaRegistryClient(settings)) {
            registry.failNextRequests(10, 503);
            failure = org.assertj.core.api.Assertions.catchThrowable(() -> client.register("s", PING));
            assertThat(client.toString()).doesNotContain("hunter2");
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("retry 1 of 2");   // proves the log was captured at all
        assertThat(failure).isInstanceOf(RegistryUnavailableException.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2").doesNotContain("Ym9iOmh1bnRlcjI");
        }
        assertThat(log).doesNotContain("hunter2").doesNotContain("Ym9iOmh1bnRlcjI");

        assertThatThrownBy(() -> RegistryClientSettings.fromConfig(Map.of(
                RegistryClientSettings.URL, "http://x:1",
                RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                RegistryClientSettings.BASIC_AUTH_USER_INFO, "no-colon-secret")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("no-colon-secret"));
        assertThatThrownBy(() -> RegistryClientSettings.fromConfig(Map.of(RegistryClientSettings.URL, "ftp://u:pw-secret@x")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-secret"));
    }

    @Test
    void rejectsBadConfig() {
        assertThatThrownBy(() -> RegistryClientSettings.fromConfig(Map.of())).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RegistryClientSettings.fromConfig(Map.of(RegistryClientSettings.URL, "http://x:1",
                RegistryClientSettings.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT"))).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> RegistryClientSettings.fromConfig(Map.of(RegistryClientSettings.URL, "http://x:1",
                RegistryClientSettings.MAX_RETRIES, "many"))).isInstanceOf(ConfigException.class);
        RegistryClientSettings two = RegistryClientSettings.fromConfig(Map.of(RegistryClientSettings.URL, "http://a:1/, https://b:2/apis/ccompat/v7/"));
        assertThat(two.urls()).extracting(Object::toString).containsExactly("http://a:1", "https://b:2/apis/ccompat/v7");
    }

    @Test
    void httpsUsesTheJdkDefaultTrustOrAConfiguredStore() throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of(RegistryClientSettings.URL, "https://127.0.0.1:1"));
        assertThat(new RestSchemaRegistryClient(RegistryClientSettings.fromConfig(config)).toString()).contains("https://127.0.0.1:1");
        java.nio.file.Path store = java.nio.file.Files.createTempFile("trust", ".p12");
        try {
            java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            try (var out = java.nio.file.Files.newOutputStream(store)) {
                empty.store(out, "changeit".toCharArray());
            }
            config.put(RegistryClientSettings.TRUSTSTORE_LOCATION, store.toString());
            config.put(RegistryClientSettings.TRUSTSTORE_PASSWORD, "changeit");
            assertThat(new RestSchemaRegistryClient(RegistryClientSettings.fromConfig(config)).toString())
                    .contains(store.toString()).doesNotContain("changeit");
            config.put(RegistryClientSettings.TRUSTSTORE_PASSWORD, "wrong-secret");
            assertThatThrownBy(() -> new RestSchemaRegistryClient(RegistryClientSettings.fromConfig(config)))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret"));
        } finally {
            java.nio.file.Files.deleteIfExists(store);
        }
    }
}
