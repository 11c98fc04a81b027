package io.nlpstream.topology.ranking;

import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.RankingHit;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.enrich.ModelResults;
import io.nlpstream.topology.enrich.StepRunner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ranking in two stages, the bi-encoder retrieving and a cross-encoder reranking: the event's text is embedded, the
 * response base's {@code k} nearest responses are found as soon as the embedding is done, and each (text, response)
 * pair goes to the cross-encoder's batcher; the step's future completes when all pairs are scored, so the whole
 * micro-batch's pairs share the cross-encoder's batches and the batch's deadline covers both stages. Hits are
 * ordered by the cross-encoder's score (ties keep the bi-encoder's order) and carry both scores.
 *
 * <p>The response base is read on the thread that completes the embedding, not the stream thread: its global store
 * is read as interactive queries read it, which Kafka Streams allows from any thread.
 */
public final class RerankRunner implements StepRunner<List<RerankRunner.Reranked>> {
    /** The cross-encoder's single label, scored with the model's default function (sigmoid for one label). */
    private static final ClassificationOptions BEST_LABEL = ClassificationOptions.DEFAULTS;

    private final TextEmbedder embedder;
    private final TextClassifier crossEncoder;
    private final int k;
    private final ResponseBaseView base;
    private final ModelResults results;

    /** A hit with the cross-encoder's score. */
    public record Reranked(ResponseHit hit, double rerankScore) {
    }

    public RerankRunner(String model, TextEmbedder embedder, TextClassifier crossEncoder, int k,
                        ResponseBaseView base) {
        if (crossEncoder.info().labels().size() != 1) {
            throw new IllegalArgumentException("a cross-encoder scores a pair with one label; '"
                    + crossEncoder.info().name() + "' has " + crossEncoder.info().labels().size());
        }
        this.embedder = embedder;
        this.crossEncoder = crossEncoder;
        this.k = k;
        this.base = base;
        this.results = new ModelResults(model, embedder.info(), ModelResults.RANKING_TASK);
    }

    @Override
    public CompletableFuture<List<Reranked>> submit(TextEvent event) {
        String query = event.getText();
        return embedder.embed(query).thenCompose(vector -> rerank(query, base.topK(vector, k)));
    }

    private CompletableFuture<List<Reranked>> rerank(String query, List<ResponseHit> hits) {
        List<CompletableFuture<List<LabelScore>>> scores = new ArrayList<>(hits.size());
        for (ResponseHit hit : hits) {
            scores.add(crossEncoder.classify(TextInput.pair(query, hit.text()), BEST_LABEL));
        }
        return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Reranked> reranked = new ArrayList<>(hits.size());
            for (int i = 0; i < hits.size(); i++) {
                reranked.add(new Reranked(hits.get(i), scores.get(i).join().get(0).score()));
            }
            // List.sort is stable: equal cross-encoder scores keep the bi-encoder's order
            reranked.sort(Comparator.comparingDouble(Reranked::rerankScore).reversed());
            return reranked;
        });
    }

    @Override
    public ModelResult toResult(TextEvent event, List<Reranked> raw) {
        List<RankingHit> hits = new ArrayList<>(raw.size());
        for (Reranked r : raw) {
            hits.add(new RankingHit(r.hit().responseId(), r.hit().text(), r.hit().score(), r.rerankScore()));
        }
        return results.hits(hits);
    }

    @Override
    public ModelResults results() {
        return results;
    }
}
