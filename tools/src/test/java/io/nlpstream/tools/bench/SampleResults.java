package io.nlpstream.tools.bench;

import java.util.List;

import io.nlpstream.tools.bench.BenchResults.BatcherRun;
import io.nlpstream.tools.bench.BenchResults.CacheRun;
import io.nlpstream.tools.bench.BenchResults.CeilingPoint;
import io.nlpstream.tools.bench.BenchResults.CorpusStats;
import io.nlpstream.tools.bench.BenchResults.EndToEnd;
import io.nlpstream.tools.bench.BenchResults.Environment;
import io.nlpstream.tools.bench.BenchResults.LoadPoint;
import io.nlpstream.tools.bench.BenchResults.ModelCeiling;

/** Made-up figures with round numbers, so the views' output can be checked exactly. */
final class SampleResults {
    private SampleResults() {
    }

    static Rate perSecond(double value) {
        return new Rate(Math.round(value * 10), 10, 0);
    }

    static CeilingPoint point(int batch, double perSecond) {
        return new CeilingPoint(batch, perSecond(perSecond), perSecond * 20, 0.9);
    }

    /** The sample with LangChain4j's figure short of its slices' minimum, as a stalled peer would leave it. */
    static BenchResults withUnmeasuredLangChain4j() {
        BenchResults s = sample();
        return new BenchResults(s.environment(), s.corpus(), s.embeddingModel(), s.classifierModel(), s.ceilings(),
                s.batcherEmbedding(), s.batcherClassifier(), s.endToEnd(), s.perRecord(),
                Rate.shortOf(3, 120_000_000_000L, 64), s.djl(), s.cache());
    }

    /**
     * MiniLM's ceiling peaks at 400/s (b16); ours end to end 200/s; per-record 100/s; peers 250/s and 1000/s; with the
     * result cache 190/s, 380/s and 900/s against 200/s at 0 %, 50 % and 90 % repeated texts.
     */
    static BenchResults sample() {
        ModelCeiling minilm = new ModelCeiling("all-MiniLM-L6-v2-q", "feature-extraction",
                List.of(point(1, 150), point(4, 300), point(16, 400), point(64, 350)));
        ModelCeiling sentiment = new ModelCeiling("demo-sentiment", "text-classification",
                List.of(point(1, 2000), point(4, 4000), point(16, 6000), point(64, 5000)));
        LatencySummary latency50 = LatencySummary.of(new long[] {40, 50, 60, 70, 80, 90, 100, 110, 120, 130});
        LatencySummary latency90 = LatencySummary.of(new long[] {60, 80, 100, 120, 140, 160, 180, 200, 220, 400});
        EndToEnd e2e = new EndToEnd(perSecond(200), new BenchResults.Breakdown(30, 12.5, 0.45), List.of(
                new LoadPoint(0.5, 100, perSecond(99), latency50),
                new LoadPoint(0.9, 180, perSecond(178), latency90)), 300L << 20, 2, 1, 32);
        Environment env = new Environment("quick", 2, "OpenJDK 17", "Linux amd64", 2L << 30, 1.5, 2.5,
                "session", "batcher", "2026-01-01T00:00:00Z", 240);
        return new BenchResults(env, new CorpusStats(2000, 40.5, 22, 100, 256), "all-MiniLM-L6-v2-q",
                "demo-sentiment", List.of(minilm, sentiment), new BatcherRun(perSecond(375), 256, 20.5, 0.9),
                new BatcherRun(perSecond(1300), 256, 24, 0.91), e2e, perSecond(100), perSecond(250),
                perSecond(1000), List.of(new CacheRun(0, perSecond(190), perSecond(200)),
                        new CacheRun(0.5, perSecond(380), perSecond(200)),
                        new CacheRun(0.9, perSecond(900), perSecond(200))));
    }
}
