package io.nlpstream.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Schema Registry as the app sees it, in front of the suite's real one: forwards every request, or answers 401 to
 * every request ({@link #refuseCredentials}), or is gone: {@link #stop} closes its port (connections refused) and
 * {@link #start} opens the same port again. The suite's registry keeps serving the test's own producers meanwhile.
 */
public final class RegistryProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "upgrade",
            "transfer-encoding", "expect");
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile int port;
    private volatile boolean refusing;
    private HttpServer server;
    private ExecutorService executor;

    private RegistryProxy(URI target, int port) {
        this.target = target;
        this.port = port;
    }

    /** A started proxy to {@code targetUrl} on a free port (kept across {@link #stop} and {@link #start}). */
    public static RegistryProxy to(String targetUrl) {
        RegistryProxy proxy = new RegistryProxy(URI.create(targetUrl), 0);
        proxy.start();
        return proxy;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Opens the port (again) and serves. */
    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the registry proxy to port " + port, e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Closes the port: the app's requests are refused, as by a registry that is down. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Whether every request is answered 401, as by a registry that no longer accepts the app's credentials. */
    public void refuseCredentials(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (refusing) {
                respond(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes(
                        StandardCharsets.UTF_8), "application/vnd.schemaregistry.v1+json");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()
                    .getRawPath() + (exchange.getRequestURI().getRawQuery() == null ? ""
                    : "?" + exchange.getRequestURI().getRawQuery()))).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            try {
                HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                respond(exchange, answer.statusCode(), answer.body(),
                        answer.headers().firstValue("Content-Type").orElse("application/json"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, new byte[0], "text/plain");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
