package io.nlpstream.topology.ranking;

import io.nlpstream.models.TextEmbedder;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.RankingHit;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.enrich.ModelResults;
import io.nlpstream.topology.enrich.StepRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Ranking: the event's text is embedded through the embedder's batcher, then every query of the micro-batch is
 * ranked against the whole response base in one pass, on the stream thread.
 */
public final class RankRunner implements StepRunner<float[]> {
    private final TextEmbedder embedder;
    private final int k;
    private final ResponseBaseView base;
    private final ModelResults results;

    public RankRunner(String model, TextEmbedder embedder, int k, ResponseBaseView base) {
        this.embedder = embedder;
        this.k = k;
        this.base = base;
        this.results = new ModelResults(model, embedder.info(), ModelResults.RANKING_TASK);
    }

    @Override
    public CompletableFuture<float[]> submit(TextEvent event) {
        return embedder.embed(event.getText());
    }

    @Override
    public ModelResult toResult(TextEvent event, float[] raw) {
        return toResults(List.of(event), List.of(raw)).get(0);
    }

    @Override
    public List<ModelResult> toResults(List<TextEvent> events, List<float[]> raw) {
        List<List<ResponseHit>> ranked = base.topK(raw.toArray(float[][]::new), k);
        List<ModelResult> out = new ArrayList<>(ranked.size());
        for (List<ResponseHit> hits : ranked) {
            List<RankingHit> converted = new ArrayList<>(hits.size());
            for (ResponseHit hit : hits) {
                converted.add(new RankingHit(hit.responseId(), hit.text(), hit.score(), null));
            }
            out.add(results.hits(converted));
        }
        return out;
    }

    @Override
    public ModelResults results() {
        return results;
    }
}
