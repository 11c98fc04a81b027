package io.nlpstream.tools.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import io.nlpstream.tools.bench.BenchResults.CacheRun;
import io.nlpstream.tools.embedded.EmbeddedKafka;

/**
 * The result cache end to end: two instances of the service on one broker, the same pipeline as the end-to-end
 * figure, one with the embedding model's result cache on and one with it off. At each repeat share both drain the
 * same bursts, taking turns (on, off, off, on), so drifting load falls on both alike; every burst's texts are new
 * to both caches.
 */
final class CacheBench implements AutoCloseable {
    /** The shares of repeated texts measured; the ratio at each should approach 1 / (1 - share). */
    static final List<Double> REPEAT_SHARES = List.of(0.0, 0.5, 0.9);

    private final EndToEndBench cached;
    private final EndToEndBench uncached;

    CacheBench(EmbeddedKafka kafka, String embeddingModel, List<String> texts, Path stateDir, BenchTuning tuning)
            throws InterruptedException {
        this.cached = new EndToEndBench(kafka, embeddingModel, texts, stateDir.resolve("cache-on"), tuning.session(),
                tuning.batcher(), tuning.kafkaPath(), new EndToEndBench.Variant("cache-on", true));
        try {
            this.uncached = new EndToEndBench(kafka, embeddingModel, texts, stateDir.resolve("cache-off"),
                    tuning.session(), tuning.batcher(), tuning.kafkaPath(), new EndToEndBench.Variant("cache-off",
                            false));
        } catch (RuntimeException | InterruptedException e) {
            cached.close();
            throw e;
        }
    }

    /** Each repeat share in turn; {@code burst} events per drain, four drains per share. */
    List<CacheRun> measure(List<String> corpus, int burst, long seed) throws InterruptedException {
        Random random = new Random(seed);
        List<CacheRun> runs = new ArrayList<>(REPEAT_SHARES.size());
        for (double share : REPEAT_SHARES) {
            String name = String.format(Locale.ROOT, "cache%02d", Math.round(share * 100));
            List<String> first = RepeatedTexts.burst(corpus, burst, share, name + "a", random);
            List<String> second = RepeatedTexts.burst(corpus, burst, share, name + "b", random);
            Rate on = cached.drain(name + "on0", first);
            Rate off = uncached.drain(name + "off0", first);
            off = off.plus(uncached.drain(name + "off1", second));
            on = on.plus(cached.drain(name + "on1", second));
            runs.add(new CacheRun(share, on, off));
        }
        return runs;
    }

    @Override
    public void close() {
        try {
            cached.close();
        } finally {
            uncached.close();
        }
    }
}
