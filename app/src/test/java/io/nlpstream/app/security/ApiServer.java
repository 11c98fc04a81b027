package io.nlpstream.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nlpstream.models.testing.FixtureModels;

/**
 * The service's HTTP side as {@code run} starts it (built-in application.yml, the real controllers, security and
 * management endpoints, the fixture sentiment model), without Kafka Streams, which these tests do not need.
 */
final class ApiServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    final int managementPort;

    private ApiServer(ApplicationContext context, EmbeddedServer server, int managementPort) {
        this.context = context;
        this.server = server;
        this.managementPort = managementPort;
    }

    /** Starts with {@code properties} over the built-in configuration, the API and management on free ports. */
    static ApiServer start(Map<String, Object> properties) {
        int managementPort = freePort();
        Map<String, Object> all = new HashMap<>();
        all.put("micronaut.server.port", -1);
        all.put("endpoints.all.port", managementPort);
        all.put("models.definitions.sentiment.path", FixtureModels.path(FixtureModels.SENTIMENT));
        all.put("pipelines", List.of(Map.of("name", "p", "inputs", List.of(Map.of("topic", "in")), "output", "out", "output-format", "JSON",
                "dead-letter", "dlq", "models", List.of("sentiment"))));
        all.putAll(properties);
        ApplicationContext context = ApplicationContext.builder().banner(false).properties(all).start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return new ApiServer(context, server, managementPort);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    int apiPort() {
        return server.getPort();
    }

    ApplicationContext context() {
        return context;
    }

    HttpResponse<String> get(int port, String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET(), headers);
    }

    HttpResponse<String> classify(String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort() + "/v1/text-classification"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
