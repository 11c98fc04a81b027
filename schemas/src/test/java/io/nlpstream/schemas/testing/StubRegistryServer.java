package io.nlpstream.schemas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nlpstream.schemas.registry.RegisteredSchema;
import io.nlpstream.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * The four REST calls of the registry client over HTTP on loopback, answered by an {@link InMemorySchemaRegistryClient}:
 * {@code POST /subjects/{s}/versions}, {@code POST /subjects/{s}}, {@code GET /schemas/ids/{id}} and
 * {@code GET /subjects/{s}/versions/latest}, errors as Confluent's {@code {"error_code", "message"}}. For tests of the
 * REST client: it records each request's raw path and headers, can serve under a context path, demand basic auth,
 * and answer the next requests with an error status. Not a registry (the tools module has one): nothing else is
 * served.
 */
public final class StubRegistryServer implements AutoCloseable {
    /** One request as it arrived: method, raw (still encoded) path, Authorization header or null. */
    public record Request(String method, String rawPath, String authorization) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final String contextPath;
    private final Optional<String> expectedAuthorization;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private volatile int faultStatus;
    private final HttpServer server;
    private final ExecutorService executor;

    private StubRegistryServer(String contextPath, String userInfo) {
        this.contextPath = contextPath;
        this.expectedAuthorization = Optional.ofNullable(userInfo).map(u -> "Basic "
                + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static StubRegistryServer start() {
        return new StubRegistryServer("", null);
    }

    /** Serving under {@code contextPath}, as Apicurio serves its Confluent-compatible API under /apis/ccompat/v7. */
    public static StubRegistryServer startUnder(String contextPath) {
        return new StubRegistryServer(contextPath, null);
    }

    /** Answering 401 to any request without these basic-auth credentials. */
    public static StubRegistryServer startWithBasicAuth(String user, String password) {
        return new StubRegistryServer("", user + ":" + password);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + contextPath;
    }

    /** The registry behind the HTTP calls, to prepare state or check it directly. */
    public InMemorySchemaRegistryClient registry() {
        return registry;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long requestCount() {
        return requests.size();
    }

    /** The next {@code count} requests are answered with {@code status} and have no effect. */
    public void failNextRequests(int count, int status) {
        faultStatus = status;
        faultsLeft.set(count);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String rawPath = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            requests.add(new Request(method, rawPath, authorization));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (faultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(exchange, faultStatus, error(faultStatus * 100, "injected fault"));
                return;
            }
            if (expectedAuthorization.isPresent() && !expectedAuthorization.get().equals(authorization)) {
                respond(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            if (!rawPath.startsWith(contextPath + "/")) {
                respond(exchange, 404, error(404, "outside " + contextPath));
                return;
            }
            List<String> segments = segments(rawPath.substring(contextPath.length() + 1));
            try {
                respond(exchange, 200, answer(method, segments, body));
            } catch (SchemaRegistryException e) {
                respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
            }
        }
    }

    private JsonNode answer(String method, List<String> path, byte[] body) throws IOException {
        if (method.equals("POST") && path.size() == 3 && path.get(0).equals("subjects")
                && path.get(2).equals("versions")) {
            return json.createObjectNode().put("id", registry.register(path.get(1), schema(body)));
        }
        if (method.equals("POST") && path.size() == 2 && path.get(0).equals("subjects")) {
            return registered(registry.lookup(path.get(1), schema(body)));
        }
        if (method.equals("GET") && path.size() == 3 && path.get(0).equals("schemas") && path.get(1).equals("ids")) {
            return json.createObjectNode().put("schema", registry.schemaById(Integer.parseInt(path.get(2))).toString());
        }
        if (method.equals("GET") && path.size() == 4 && path.get(0).equals("subjects")
                && path.get(2).equals("versions") && path.get(3).equals("latest")) {
            return registered(registry.latest(path.get(1)));
        }
        throw new SchemaRegistryException("the stub does not serve " + method + " " + path, 404, 404);
    }

    private ObjectNode registered(RegisteredSchema version) {
        return json.createObjectNode().put("subject", version.subject()).put("id", version.id())
                .put("version", version.version()).put("schema", version.schema().toString());
    }

    private Schema schema(byte[] body) throws IOException {
        return new Schema.Parser().parse(json.readTree(body).get("schema").textValue());
    }

    private String error(int code, String message) {
        return json.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return segments;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
