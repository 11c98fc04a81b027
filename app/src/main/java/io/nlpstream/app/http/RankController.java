package io.nlpstream.app.http;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.nlpstream.app.config.ResponseBaseProperties;
import io.nlpstream.app.service.CatalogEntry;
import io.nlpstream.app.service.ModelCatalog;
import io.nlpstream.app.service.StreamsRunner;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.topology.ranking.ResponseBaseView;
import io.nlpstream.topology.ranking.ResponseHit;

/**
 * {@code GET /v1/rank?q=TEXT&k=N}: the {@code k} responses (default {@code response-base.top-k}) of the cached response base most similar to {@code q}.
 * Every instance holds the whole base (a global store fed by the embeddings topic), so any instance answers for all
 * of it and no request is forwarded.
 */
@Controller("/v1/rank")
// Embedding the query tokenizes on the calling thread: not on the event loop.
@ExecuteOn(TaskExecutors.BLOCKING)
final class RankController {
    static final int MAX_K = 1000;

    /** The answer: the embedding model and the hits, best first. */
    record Ranking(String model, int baseSize, List<Hit> hits) {
    }

    record Hit(String id, String text, double score) {
    }

    private final ModelCatalog catalog;
    private final StreamsRunner streams;
    private final int defaultK;

    RankController(ModelCatalog catalog, StreamsRunner streams, ResponseBaseProperties responseBase) {
        this.catalog = catalog;
        this.streams = streams;
        this.defaultK = responseBase.getTopK();
    }

    @Get
    CompletableFuture<HttpResponse<String>> rank(@Nullable @QueryValue String q, @Nullable @QueryValue Integer k) {
        if (streams.plan().settings().responseBase() == null) {
            return done(JsonResponses.error(HttpStatus.NOT_FOUND, "no response base is configured"));
        }
        if (q == null || q.isBlank()) {
            return done(JsonResponses.error(HttpStatus.BAD_REQUEST, "query parameter q is required"));
        }
        int top = k == null ? defaultK : k;
        if (top < 1 || top > MAX_K) {
            return done(JsonResponses.error(HttpStatus.BAD_REQUEST, "k must be between 1 and " + MAX_K));
        }
        String modelName = streams.plan().settings().responseBase().model();
        CatalogEntry entry = catalog.entry(modelName).orElseThrow();
        ResponseBaseView view = streams.responseBase(entry.model().info().version()).orElse(null);
        if (view == null) {
            return done(JsonResponses.error(HttpStatus.SERVICE_UNAVAILABLE, "the response base is not available "
                    + "until Kafka Streams is running (state " + streams.state() + ")"));
        }
        TextEmbedder embedder = streams.plan().models().embedder(modelName);
        // Async: the scan must not run on the model's batcher thread, which completes the embedding.
        return embedder.embed(q).orTimeout(30, TimeUnit.SECONDS).handleAsync((vector, failure) -> {
            if (failure != null) {
                return JsonResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "model error: " + failure);
            }
            List<ResponseHit> hits = view.topK(vector, top);
            return JsonResponses.ok(new Ranking(modelName, view.size(),
                    hits.stream().map(h -> new Hit(h.responseId(), h.text(), h.score())).toList()));
        });
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
