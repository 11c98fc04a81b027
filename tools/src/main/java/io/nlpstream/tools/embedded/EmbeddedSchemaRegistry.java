package io.nlpstream.tools.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nlpstream.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A Confluent-compatible Schema Registry in memory, on the JDK {@link HttpServer}, bound to loopback: for the
 * embedded demo, integration tests and unit tests. It speaks the subset of the REST API serdes and operators use:
 * register ({@code POST /subjects/{s}/versions}), look up ({@code POST /subjects/{s}}), {@code GET /schemas/ids/{id}},
 * {@code GET /subjects}, {@code GET /subjects/{s}/versions[/{v|latest}]}, {@code DELETE /subjects/{s}} and
 * {@code GET/PUT/DELETE /config[/{s}]}, with Confluent's error codes and compatibility checks.
 *
 * <p>Ids are global: the same schema text registered under two subjects gets one id. Deleting a subject keeps its
 * ids resolvable (as Confluent's soft delete does) and later versions continue the numbering. State lives only as
 * long as the instance. Not for production: no persistence, no clustering.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private record Version(int version, int id, Schema schema) {
    }

    private static final class Subject {
        final List<Version> versions = new ArrayList<>();
        int nextVersion = 1;
        CompatibilityLevel compatibility;
    }

    /** An error answered as Confluent does: HTTP status plus {@code {"error_code":..,"message":..}}. */
    private static final class RegistryError extends RuntimeException {
        final int status;
        final int errorCode;

        RegistryError(int status, int errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.errorCode = errorCode;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final int requestedPort;
    private final String contextPath;
    private final Optional<String> expectedAuthorization;
    private final Object lock = new Object();
    private final Map<String, Subject> subjects = new TreeMap<>();
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private CompatibilityLevel globalCompatibility = CompatibilityLevel.BACKWARD;
    private int nextId = 1;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private volatile int faultStatus = 500;
    private HttpServer server;
    private ExecutorService executor;

    private EmbeddedSchemaRegistry(Builder builder) {
        this.requestedPort = builder.port;
        this.contextPath = builder.contextPath;
        this.expectedAuthorization = Optional.ofNullable(builder.userInfo).map(userInfo -> "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /** A registry on a free loopback port, without auth; call {@link #start()}. */
    public static EmbeddedSchemaRegistry create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options: port (0 = any free port), a context path such as {@code /apis/ccompat/v7}, basic auth. */
    public static final class Builder {
        private int port;
        private String contextPath = "";
        private String userInfo;

        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Serves the API under this path, as Apicurio serves its Confluent-compatible API under {@code /apis/ccompat/v7}. */
        public Builder contextPath(String path) {
            String trimmed = path == null ? "" : path.trim();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            this.contextPath = trimmed.isEmpty() || trimmed.startsWith("/") ? trimmed : "/" + trimmed;
            return this;
        }

        /** Requires HTTP basic auth with these credentials on every request (401 otherwise). */
        public Builder basicAuth(String user, String password) {
            if (user == null || user.isEmpty() || user.contains(":") || password == null) {
                throw new IllegalArgumentException("basic auth needs a user without ':' and a password");
            }
            this.userInfo = user + ":" + password;
            return this;
        }

        public EmbeddedSchemaRegistry build() {
            return new EmbeddedSchemaRegistry(this);
        }
    }

    /** Binds to loopback and starts serving; returns this for chaining. */
    public synchronized EmbeddedSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("already started at " + url());
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the embedded schema registry to loopback port " + requestedPort, e);
        }
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "embedded-schema-registry");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The base URL to give as {@code schema.registry.url}, e.g. {@code http://127.0.0.1:40123}. */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort() + contextPath;
    }

    /** The bound port. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Requests served so far (including failed and injected ones); lets tests prove a cache hit did no HTTP. */
    public long requestCount() {
        return requests.get();
    }

    /** Fault injection: the next {@code count} requests are answered with {@code status} and no effect. */
    public void failNextRequests(int count, int status) {
        if (count < 0 || status < 400 || status > 599) {
            throw new IllegalArgumentException("need count >= 0 and an error status, got " + count + ", " + status);
        }
        faultStatus = status;
        faultsLeft.set(count);
    }

    /** The compatibility level applied to subjects without their own. */
    public void setGlobalCompatibility(CompatibilityLevel level) {
        synchronized (lock) {
            globalCompatibility = level;
        }
    }

    private void handle(HttpExchange exchange) {
        requests.incrementAndGet();
        try (exchange) {
            try {
                if (consumeFault()) {
                    throw new RegistryError(faultStatus, faultStatus * 100 + 1, "injected fault");
                }
                authorize(exchange);
                JsonNode answer = route(exchange.getRequestMethod(), pathSegments(exchange), query(exchange),
                        readBody(exchange));
                respond(exchange, 200, answer);
            } catch (RegistryError error) {
                ObjectNode body = json.createObjectNode().put("error_code", error.errorCode).put("message", error.getMessage());
                respond(exchange, error.status, body);
            } catch (RuntimeException unexpected) {
                ObjectNode body = json.createObjectNode().put("error_code", 50001).put("message", "Error in the backend: " + unexpected);
                respond(exchange, 500, body);
            }
        } catch (IOException clientGone) {
            // The client closed the connection; nothing to answer.
        }
    }

    private boolean consumeFault() {
        return faultsLeft.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
    }

    private void authorize(HttpExchange exchange) {
        if (expectedAuthorization.isEmpty()) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expectedAuthorization.get().getBytes(StandardCharsets.UTF_8))) {
            throw new RegistryError(401, 40101, "Unauthorized");
        }
    }

    private List<String> pathSegments(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        if (!raw.startsWith(contextPath + "/") && !raw.equals(contextPath)) {
            throw new RegistryError(404, 404, "HTTP 404 Not Found");
        }
        String rest = raw.substring(contextPath.length());
        List<String> segments = new ArrayList<>();
        for (String part : rest.split("/")) {
            if (!part.isEmpty()) {
                segments.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return null;
            }
            try {
                return json.readTree(bytes);
            } catch (IOException e) {
                throw new RegistryError(400, 400, "Unrecognized request body: not JSON");
            }
        }
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private JsonNode route(String method, List<String> path, Map<String, String> query, JsonNode body) {
        String[] p = path.toArray(String[]::new);
        synchronized (lock) {
            if (p.length >= 1 && p[0].equals("subjects")) {
                if (p.length == 1 && method.equals("GET")) {
                    ArrayNode names = json.createArrayNode();
                    subjects.forEach((name, subject) -> {
                        if (!subject.versions.isEmpty()) {
                            names.add(name);
                        }
                    });
                    return names;
                }
                if (p.length == 2 && method.equals("POST")) {
                    return lookUp(p[1], body);
                }
                if (p.length == 2 && method.equals("DELETE")) {
                    return deleteSubject(p[1]);
                }
                if (p.length == 3 && p[2].equals("versions") && method.equals("POST")) {
                    return register(p[1], body);
                }
                if (p.length == 3 && p[2].equals("versions") && method.equals("GET")) {
                    ArrayNode versions = json.createArrayNode();
                    existing(p[1]).versions.forEach(v -> versions.add(v.version()));
                    return versions;
                }
                if (p.length == 4 && p[2].equals("versions") && method.equals("GET")) {
                    return versionAnswer(p[1], version(p[1], p[3]));
                }
                if (p.length == 5 && p[2].equals("versions") && p[4].equals("schema") && method.equals("GET")) {
                    return readTree(version(p[1], p[3]).schema().toString());
                }
            }
            if (p.length == 3 && p[0].equals("schemas") && p[1].equals("ids") && method.equals("GET")) {
                Schema schema = schemasById.get(parseId(p[2]));
                if (schema == null) {
                    throw new RegistryError(404, 40403, "Schema " + p[2] + " not found");
                }
                return json.createObjectNode().put("schema", schema.toString());
            }
            if (p.length >= 1 && p.length <= 2 && p[0].equals("config")) {
                return config(method, p.length == 2 ? p[1] : null, query, body);
            }
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " /" + String.join("/", path));
    }

    private JsonNode register(String subjectName, JsonNode body) {
        Schema schema = schemaFrom(body);
        Subject subject = subjects.computeIfAbsent(subjectName, name -> new Subject());
        for (Version version : subject.versions) {
            if (version.schema().equals(schema)) {
                return json.createObjectNode().put("id", version.id());
            }
        }
        CompatibilityLevel level = subject.compatibility != null ? subject.compatibility : globalCompatibility;
        List<String> violations = level.violations(schema, subject.versions.stream().map(Version::schema).toList());
        if (!violations.isEmpty()) {
            if (subject.versions.isEmpty()) {
                subjects.remove(subjectName);
            }
            throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subjectName + "\" under " + level + ": " + String.join("; ", violations));
        }
        int id = idsBySchemaText.computeIfAbsent(schema.toString(), text -> {
            int assigned = nextId++;
            schemasById.put(assigned, schema);
            return assigned;
        });
        subject.versions.add(new Version(subject.nextVersion++, id, schema));
        return json.createObjectNode().put("id", id);
    }

    private JsonNode lookUp(String subjectName, JsonNode body) {
        Schema schema = schemaFrom(body);
        Subject subject = existing(subjectName);
        for (Version version : subject.versions) {
            if (version.schema().equals(schema)) {
                return versionAnswer(subjectName, version);
            }
        }
        throw new RegistryError(404, 40403, "Schema not found under subject \"" + subjectName + "\"");
    }

    private JsonNode deleteSubject(String subjectName) {
        Subject subject = existing(subjectName);
        ArrayNode deleted = json.createArrayNode();
        subject.versions.forEach(v -> deleted.add(v.version()));
        subject.versions.clear();
        return deleted;
    }

    private JsonNode config(String method, String subjectName, Map<String, String> query, JsonNode body) {
        switch (method) {
            case "GET" -> {
                if (subjectName == null) {
                    return json.createObjectNode().put("compatibilityLevel", globalCompatibility.name());
                }
                Subject subject = subjects.get(subjectName);
                if (subject != null && subject.compatibility != null) {
                    return json.createObjectNode().put("compatibilityLevel", subject.compatibility.name());
                }
                if (Boolean.parseBoolean(query.get("defaultToGlobal"))) {
                    return json.createObjectNode().put("compatibilityLevel", globalCompatibility.name());
                }
                throw new RegistryError(404, 40408, "Subject '" + subjectName + "' does not have subject-level compatibility configured");
            }
            case "PUT" -> {
                String requested = body == null ? null : body.path("compatibility").asText(null);
                CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(requested);
                } catch (IllegalArgumentException e) {
                    throw new RegistryError(422, 42203, "Invalid compatibility level. Valid values are none, backward, "
                            + "forward, full, backward_transitive, forward_transitive, and full_transitive");
                }
                if (subjectName == null) {
                    globalCompatibility = level;
                } else {
                    subjects.computeIfAbsent(subjectName, name -> new Subject()).compatibility = level;
                }
                return json.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE" -> {
                if (subjectName == null) {
                    throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
                }
                Subject subject = subjects.get(subjectName);
                CompatibilityLevel previous = subject == null || subject.compatibility == null ? globalCompatibility : subject.compatibility;
                if (subject != null) {
                    subject.compatibility = null;
                }
                return json.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default -> throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
        }
    }

    private Subject existing(String subjectName) {
        Subject subject = subjects.get(subjectName);
        if (subject == null || subject.versions.isEmpty()) {
            throw new RegistryError(404, 40401, "Subject '" + subjectName + "' not found.");
        }
        return subject;
    }

    private Version version(String subjectName, String versionText) {
        Subject subject = existing(subjectName);
        if (versionText.equals("latest") || versionText.equals("-1")) {
            return subject.versions.get(subject.versions.size() - 1);
        }
        int wanted;
        try {
            wanted = Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            wanted = 0;
        }
        if (wanted <= 0) {
            throw new RegistryError(422, 42202, "The specified version '" + versionText + "' is not a valid version id. "
                    + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        for (Version version : subject.versions) {
            if (version.version() == wanted) {
                return version;
            }
        }
        throw new RegistryError(404, 40402, "Version " + wanted + " not found.");
    }

    private JsonNode versionAnswer(String subjectName, Version version) {
        return json.createObjectNode()
                .put("subject", subjectName)
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString());
    }

    private Schema schemaFrom(JsonNode body) {
        if (body == null || !body.path("schema").isTextual()) {
            throw new RegistryError(422, 42201, "Invalid schema: the request needs a \"schema\" string");
        }
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryError(422, 42201, "Invalid schema: this registry supports only AVRO, got " + type);
        }
        try {
            return new Schema.Parser().parse(body.get("schema").textValue());
        } catch (SchemaParseException | NullPointerException e) {
            throw new RegistryError(422, 42201, "Invalid schema: " + e.getMessage());
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryError(404, 40403, "Schema " + text + " not found");
        }
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedSchemaRegistry[" + (server == null ? "stopped" : url()) + ", auth="
                + (expectedAuthorization.isPresent() ? "basic" : "none") + "]";
    }
}
