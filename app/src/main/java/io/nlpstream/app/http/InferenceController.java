package io.nlpstream.app.http;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.nlpstream.app.infer.InvalidLineException;
import io.nlpstream.app.infer.LineInference;
import io.nlpstream.app.infer.TaskInferences;
import io.nlpstream.app.security.CallerLimits;
import io.nlpstream.app.service.CatalogEntry;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.models.Task;
import io.nlpstream.models.batch.BatcherOverloadedException;

/**
 * {@code POST /v1/{task}?model=NAME}: synchronous inference for debugging and low volume, through the same shared
 * batchers as the stream (on their request lane, so neither starves the other). The body is one {@code infer} input
 * object (answered with one result) or an array of them (answered with an array); each result is the JSON the
 * transformers pipeline returns, with the model's configured options.
 *
 * <p>Admission ({@link RequestAdmission}, {@code api.admission.*}): an array over the item limit is answered 413,
 * a request over the concurrency limit 429 with {@code Retry-After}, and a model whose request queue stays full 503
 * with {@code Retry-After}; none of them reaches or waits for a model.
 */
@Controller("/v1")
// Submitting tokenizes on the calling thread and may wait for queue space (batching.submit-timeout): never on the
// event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
final class InferenceController {
    private static final long TIMEOUT_SECONDS = 60;

    private final ModelCatalog catalog;
    private final RequestAdmission admission;
    private final CallerLimits callerLimits;
    private final Map<String, LineInference<?>> inferences = new ConcurrentHashMap<>();

    InferenceController(ModelCatalog catalog, RequestAdmission admission, CallerLimits callerLimits) {
        this.catalog = catalog;
        this.admission = admission;
        this.callerLimits = callerLimits;
    }

    @Post("/{task}")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    CompletableFuture<HttpResponse<String>> infer(String task, @Nullable @QueryValue String model,
                                                  @Body String body, @Nullable Authentication caller) {
        Task wanted;
        try {
            wanted = Task.fromId(task);
        } catch (IllegalArgumentException e) {
            return done(JsonResponses.error(HttpStatus.NOT_FOUND, e.getMessage()));
        }
        CatalogEntry entry;
        try {
            entry = model(wanted, model);
        } catch (IllegalArgumentException e) {
            return done(JsonResponses.error(HttpStatus.NOT_FOUND, e.getMessage()));
        }
        JsonNode request;
        try {
            request = JsonResponses.JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return done(JsonResponses.error(HttpStatus.BAD_REQUEST, "not valid JSON: " + e.getOriginalMessage()));
        }
        if (request == null || !(request.isObject() || request.isArray())) {
            return done(JsonResponses.error(HttpStatus.BAD_REQUEST, "expected a JSON object or an array of them"));
        }
        List<JsonNode> inputs = new ArrayList<>();
        request.forEach(inputs::add);
        if (request.isObject()) {
            inputs = List.of(request);
        }
        OptionalInt maxItems = callerLimits.maxItemsPerRequest();
        if (caller != null && maxItems.isPresent() && inputs.size() > maxItems.getAsInt()) {
            // 413, not 429: the same request would be refused again, however long the caller waits.
            return done(JsonResponses.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, inputs.size() + " items in one "
                    + "request, but a caller may send at most " + maxItems.getAsInt() + " (api.limits."
                    + "max-items-per-request); split the request"));
        }
        RequestAdmission.Verdict verdict = admission.admit(inputs.size());
        if (verdict instanceof RequestAdmission.Verdict.TooLarge tooLarge) {
            return done(JsonResponses.error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "the request carries "
                    + tooLarge.items() + " items; at most " + tooLarge.maxItems()
                    + " are taken per request (api.admission.max-items-per-request)"));
        }
        if (verdict instanceof RequestAdmission.Verdict.Busy busy) {
            return done(retryLater(HttpStatus.TOO_MANY_REQUESTS, busy.maxConcurrent()
                    + " requests are being answered, the most this instance takes at once"
                    + " (api.admission.max-concurrent-requests); retry later"));
        }
        RequestAdmission.Permit permit = ((RequestAdmission.Verdict.Admitted) verdict).permit();
        try {
            CompletableFuture<HttpResponse<String>> answer = answer(wanted, entry, request, inputs);
            answer.whenComplete((response, failure) -> permit.close());
            return answer;
        } catch (RuntimeException | Error e) {
            permit.close();
            throw e;
        }
    }

    private CompletableFuture<HttpResponse<String>> answer(Task wanted, CatalogEntry entry, JsonNode request,
                                                           List<JsonNode> inputs) {
        LineInference<?> inference = inferences.computeIfAbsent(entry.name(),
                n -> TaskInferences.create(wanted, entry.model(), entry.options()));
        List<Pending<?>> pending = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            try {
                if (!inputs.get(i).isObject()) {
                    throw new InvalidLineException("expected a JSON object");
                }
                pending.add(Pending.submit(inference, inputs.get(i)));
            } catch (InvalidLineException e) {
                String where = request.isArray() ? "item " + i + ": " : "";
                return done(JsonResponses.error(HttpStatus.BAD_REQUEST, where + e.getMessage()));
            } catch (BatcherOverloadedException e) {
                return done(overloaded(entry.name()));
            }
        }
        boolean array = request.isArray();
        return CompletableFuture.allOf(pending.stream().map(Pending::future).toArray(CompletableFuture[]::new))
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .handleAsync((ignored, failure) -> failure == null ? JsonResponses.ok(write(pending, array))
                        : failed(entry.name(), failure));
    }

    private HttpResponse<String> overloaded(String model) {
        return retryLater(HttpStatus.SERVICE_UNAVAILABLE, "model '" + model + "' is overloaded, retry later");
    }

    private HttpResponse<String> retryLater(HttpStatus status, String message) {
        return JsonResponses.error(status, message)
                .header(HttpHeaders.RETRY_AFTER, admission.retryAfterSeconds());
    }

    private CatalogEntry model(Task task, String name) {
        if (name != null) {
            CatalogEntry entry = catalog.entry(name).orElseThrow(() -> new IllegalArgumentException(
                    "no model named '" + name + "'"));
            if (entry.task() != task) {
                throw new IllegalArgumentException("model '" + name + "' is a " + entry.task().id() + " model, not "
                        + task.id());
            }
            return entry;
        }
        List<CatalogEntry> candidates = catalog.entries().stream().filter(e -> e.task() == task).toList();
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(candidates.isEmpty() ? "no " + task.id() + " model is configured"
                    : "several " + task.id() + " models are configured; name one with ?model= ("
                    + String.join(", ", candidates.stream().map(CatalogEntry::name).toList()) + ")");
        }
        return candidates.get(0);
    }

    private HttpResponse<String> failed(String model, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BatcherOverloadedException) {
            return overloaded(model);
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return JsonResponses.error(HttpStatus.GATEWAY_TIMEOUT, "model '" + model + "' did not answer within "
                    + TIMEOUT_SECONDS + " s");
        }
        return JsonResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "model error: " + cause);
    }

    private static String write(List<Pending<?>> pending, boolean array) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JsonResponses.JSON.getFactory().createGenerator(out)) {
            if (array) {
                json.writeStartArray();
            }
            for (Pending<?> p : pending) {
                p.write(json);
            }
            if (array) {
                json.writeEndArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** One submitted input and how to write its result. */
    private record Pending<R>(LineInference<R> inference, CompletableFuture<R> future) {
        static <R> Pending<R> submit(LineInference<R> inference, JsonNode input) throws InvalidLineException {
            return new Pending<>(inference, inference.submit(input));
        }

        void write(JsonGenerator json) throws IOException {
            inference.write(future.join(), json);
        }
    }
}
