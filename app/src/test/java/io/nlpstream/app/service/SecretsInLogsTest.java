package io.nlpstream.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import io.nlpstream.app.security.ApiKeys;
import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.schemas.testing.StubRegistryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The service started with every kind of secret set (Kafka SASL password, registry credentials in the URL and as
 * user info, a trust store password, an API key used against it) writes none of them into any log line, config dump,
 * stack trace or start-up error. Kafka is not there, so its clients retry and log what they log when they cannot
 * connect; Kafka's INFO config dumps are on for the test, and the service's own DEBUG lines.
 */
class SecretsInLogsTest {
    static final String KAFKA_PASSWORD = "kafka-pw-\"Q7\\x";
    static final String REGISTRY_PASSWORD = "registry-pw-Z81";
    static final String API_KEY = "api-key-M4k2";
    static final String WRONG_API_KEY = "api-key-not-known-J9";
    static final String STORE_PASSWORD = "store-pw-W3";

    @TempDir
    Path dir;
    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> levels = new HashMap<>();
    private AppenderBase<ILoggingEvent> capture;

    @BeforeEach
    void captureEverything() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                lines.add(event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getMDCPropertyMap());
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    lines.add(t.getClassName() + ": " + t.getMessage());
                    for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                        lines.add(frame.getSTEAsString());
                    }
                }
            }
        };
        capture.setContext(logging);
        capture.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        for (String name : List.of("org.apache.kafka", "io.nlpstream", "io.micronaut")) {
            Logger logger = logging.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(name.equals("io.nlpstream") ? Level.DEBUG : Level.INFO);
        }
    }

    @AfterEach
    void stopCapturing() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(capture);
        levels.forEach((name, level) -> logging.getLogger(name).setLevel(level));
    }

    @Test
    void noSecretReachesTheLogOrAStartUpError() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), ApiKeys.sha256Hex(API_KEY) + "\n");
        int management = freePort();
        try (StubRegistryServer registry = StubRegistryServer.startWithBasicAuth("svc", REGISTRY_PASSWORD)) {
            Map<String, Object> config = config(keys, registry, REGISTRY_PASSWORD, management);
            try (RunningService service = NlpStreamService.start(config)) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + service.httpPort();
                for (String key : List.of(API_KEY, WRONG_API_KEY)) {
                    http.send(HttpRequest.newBuilder(URI.create(base + "/v1/text-classification"))
                            .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health"))
                            .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                }
                // Kafka is not there: wait (event-based) until its clients have said so at least once.
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (lines.stream().noneMatch(l -> l.contains("could not be established"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            }
            // A registry that refuses the credentials: the start-up error names the URL, never its password.
            Map<String, Object> refused = config(keys, registry, "not-" + REGISTRY_PASSWORD, management);
            assertThatThrownBy(() -> NlpStreamService.start(refused).close())
                    .isInstanceOf(ServiceStartException.class)
                    .satisfies(e -> lines.add("start-up error: " + e.getMessage()));
        }

        assertThat(lines).as("captured log lines").hasSizeGreaterThan(20)
                .anyMatch(l -> l.contains("StreamsConfig values") || l.contains("sasl.jaas.config"))
                .anyMatch(l -> l.startsWith("start-up error: ") && l.contains("[hidden]@"));
        for (String secret : List.of(KAFKA_PASSWORD, REGISTRY_PASSWORD, API_KEY, WRONG_API_KEY, STORE_PASSWORD)) {
            assertThat(lines).as("lines holding %s", secret).noneMatch(l -> l.contains(secret));
        }
    }

    private Map<String, Object> config(Path keys, StubRegistryServer registry, String registryPassword,
                                       int management) throws Exception {
        Path trustStore = dir.resolve("truststore.p12");
        if (!Files.exists(trustStore)) {
            java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            try (var out = Files.newOutputStream(trustStore)) {
                empty.store(out, STORE_PASSWORD.toCharArray());
            }
        }
        Map<String, Object> config = new HashMap<>();
        config.put("micronaut.server.port", -1);
        config.put("endpoints.all.port", management);
        config.put("api.authentication", "api-key");
        config.put("api.keys-file", keys.toString());
        config.put("models.definitions.sentiment.path", FixtureModels.path(FixtureModels.SENTIMENT));
        config.put("pipelines", List.of(Map.of("name", "p", "inputs", List.of(Map.of("topic", "in")), "output", "out",
                "output-format", "AVRO", "dead-letter", "dlq", "models", List.of("sentiment"),
                // short batch waits, so that the close timeout below may be short too (it must cover them)
                "batch", Map.of("timeout", "1s", "queue-timeout", "1s"))));
        config.put("kafka.bootstrap-servers", "127.0.0.1:" + freePort());
        config.put("kafka.state-dir", dir.resolve("state").toString());
        config.put("kafka.close-timeout", "13s");
        config.put("kafka.sasl.mechanism", "SCRAM-SHA-512");
        config.put("kafka.sasl.username", "svc");
        config.put("kafka.sasl.password", KAFKA_PASSWORD);
        config.put("kafka.properties.security.protocol", "SASL_PLAINTEXT");
        config.put("schema-registry.url", registry.url().replace("http://", "http://svc:" + registryPassword + "@"));
        config.put("schema-registry.truststore-location", trustStore.toString());
        config.put("schema-registry.truststore-password", STORE_PASSWORD);
        return config;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
