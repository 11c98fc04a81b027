package io.nlpstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API with the JDK {@link HttpClient}. Works against
 * Confluent Schema Registry, Karapace, Redpanda and Apicurio's ccompat API (give its base path in the URL).
 *
 * <p>Each call tries the configured URLs in turn, starting with the last one that answered; a round that fails
 * with I/O errors, timeouts, 408, 429 or 5xx is retried after an exponentially growing pause, then reported as
 * {@link RegistryUnavailableException}; the whole call, retries and pauses included, ends within
 * {@link RegistryClientSettings#callTimeout()} (each request's timeout is cut to what is left), so a registry that
 * hangs cannot hold a stream thread past its poll interval. 401 and 403 are final
 * ({@link RegistryAuthenticationException}); other 4xx answers are final and typed by their {@code error_code}.
 * Answers are cached in bounded {@link RegistryCache}s (schema to id per subject, id to schema; {@code latest}
 * with a TTL), so a steady stream of records costs no HTTP after warm-up, and concurrent callers needing the same
 * answer share one call. Credentials never appear in logs, messages or
 * {@link #toString()}.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final RegistryClientSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final RegistryCache<SubjectSchema, Integer> idsBySchema;
    private final RegistryCache<Integer, Schema> schemasById;
    private final RegistryCache<String, RegisteredSchema> latestBySubject;
    private final AtomicInteger preferredUrl = new AtomicInteger();

    public RestSchemaRegistryClient(RegistryClientSettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.trustStore().isPresent() || settings.keyStore().isPresent()) {
            builder.sslContext(RegistryTls.sslContext(settings.trustStore(), settings.keyStore()));
        }
        this.http = builder.build();
        Duration forever = Duration.ofNanos(-1);
        this.idsBySchema = new RegistryCache<>(settings.cacheCapacity(), forever);
        this.schemasById = new RegistryCache<>(settings.cacheCapacity(), forever);
        this.latestBySubject = new RegistryCache<>(settings.cacheCapacity(), settings.latestTtl());
    }

    /** A client for Kafka-style serde configs; see {@link RegistryClientSettings#fromConfig(Map)}. */
    public static RestSchemaRegistryClient fromConfig(Map<String, ?> config) {
        return new RestSchemaRegistryClient(RegistryClientSettings.fromConfig(config));
    }

    @Override
    public int register(String subject, Schema schema) {
        return idsBySchema.get(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                    "register schema under subject '" + subject + "'");
            int id = requiredInt(answer, "id");
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return idsBySchema.get(new SubjectSchema(subject, schema), key -> {
            JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema),
                    "look up schema under subject '" + subject + "'");
            int id = requiredInt(answer, "id");
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.get(id, key -> parseSchema(
                call("GET", "/schemas/ids/" + id, null, "fetch schema id " + id), "schema id " + id));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return latestBySubject.get(subject, key -> {
            JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
                    "fetch latest version of subject '" + subject + "'");
            RegisteredSchema latest = new RegisteredSchema(subject, requiredInt(answer, "id"),
                    requiredInt(answer, "version"), parseSchema(answer, "latest version of subject '" + subject + "'"));
            schemasById.put(latest.id(), latest.schema());
            return latest;
        });
    }

    @Override
    public void close() {
        // The JDK client's threads are daemon threads and its pool is released with the client (JDK 21 adds
        // close(); on 17 dropping the reference is the supported way).
        LOG.debug("closing {}", this);
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + settings + "]";
    }

    private JsonNode call(String method, String path, String body, String what) {
        List<URI> urls = settings.urls();
        Duration backoff = settings.retryBackoff();
        SchemaRegistryException last = null;
        long deadline = System.nanoTime() + settings.callTimeout().toNanos();
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                if (System.nanoTime() + backoff.toNanos() >= deadline) {
                    throw new RegistryUnavailableException(what + ": registry unavailable within the call timeout of "
                            + settings.callTimeout().toMillis() + " ms (" + attempt + " round(s) over " + urls
                            + "); last error: " + last.getMessage(), last.httpStatus(), last);
                }
                LOG.warn("{} failed ({}); retry {} of {} in {} ms", what, last.getMessage(), attempt,
                        settings.maxRetries(), backoff.toMillis());
                pause(backoff, what);
                backoff = backoff.multipliedBy(2).compareTo(settings.maxRetryBackoff()) > 0
                        ? settings.maxRetryBackoff() : backoff.multipliedBy(2);
            }
            int first = preferredUrl.get();
            for (int i = 0; i < urls.size(); i++) {
                int index = (first + i) % urls.size();
                URI base = urls.get(index);
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.toMillis() < 1) {
                    last = new RegistryUnavailableException(what + " at " + base + ": no time left within the call "
                            + "timeout of " + settings.callTimeout().toMillis() + " ms", -1, last);
                    break;
                }
                try {
                    HttpResponse<String> response = http.send(request(base, method, path, body, left),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        preferredUrl.set(index);
                        return parseAnswer(response.body(), what);
                    }
                    SchemaRegistryException error = RegistryErrors.fromResponse(status, response.body(), what + " at " + base);
                    if (!RegistryErrors.retryable(status)) {
                        throw error;
                    }
                    last = new RegistryUnavailableException(error.getMessage(), status, error);
                } catch (IOException e) {
                    last = new RegistryUnavailableException(what + " at " + base + ": " + e, -1, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException(what + ": interrupted", -1, e);
                }
            }
        }
        throw new RegistryUnavailableException(what + ": registry unavailable after " + (settings.maxRetries() + 1)
                + " rounds over " + urls + "; last error: " + last.getMessage(), last.httpStatus(), last);
    }

    private HttpRequest request(URI base, String method, String path, String body, Duration left) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(left.compareTo(settings.requestTimeout()) < 0 ? left : settings.requestTimeout())
                .header("Accept", ACCEPT);
        settings.authorization().ifPresent(value -> builder.header("Authorization", value));
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static void pause(Duration backoff, String what) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException(what + ": interrupted while backing off", -1, e);
        }
    }

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private JsonNode parseAnswer(String body, String what) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(what + ": the registry's answer is not JSON", 200, -1, e);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("registry answer lacks integer field '" + field + "'", 200, -1);
        }
        return value.intValue();
    }

    private static Schema parseSchema(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new InvalidSchemaException(what + " is a " + type + " schema, not Avro", 200, -1);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(what + ": registry answer lacks the schema", 200, -1);
        }
        try {
            return new Schema.Parser().parse(text.textValue());
        } catch (SchemaParseException e) {
            throw new InvalidSchemaException(what + " is not a valid Avro schema: " + e.getMessage(), 200, -1);
        }
    }

    static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
