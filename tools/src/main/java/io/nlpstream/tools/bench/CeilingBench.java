package io.nlpstream.tools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.nlpstream.tools.bench.BenchResults.CeilingPoint;
import io.nlpstream.tools.bench.BenchResults.ModelCeiling;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.load.ModelSource;
import io.nlpstream.models.load.TaskDetector;
import io.nlpstream.models.runtime.OnnxSessionRunner;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

/**
 * The ceiling: what ONNX Runtime alone does with a model, with everything else taken out. A sample of the corpus is
 * tokenized before timing, sorted by length and cut into batches of one size (the least padding any batcher could
 * reach with that many texts at hand), and the batches run straight through the session, whole passes over the
 * sample. No batcher, no heads, no Kafka.
 */
final class CeilingBench {
    private static final int WARM_UP_BATCHES = 3;

    private final SessionSettings session;
    private final BenchPlan plan;

    /** The ceiling is ONNX Runtime's own best: one call at a time spread over every core. */
    CeilingBench(SessionSettings session, BenchPlan plan) {
        this.session = session.withIntraOpThreads(SessionSettings.ONE_THREAD_PER_CORE);
        this.plan = plan;
    }

    /**
     * @param feedsTokenTypes whether the graph declares {@code token_type_ids}, for the peers that must be told
     * @param tokenCounts     each text's tokens under this model's tokenizer (truncated as the model truncates)
     */
    record Measured(ModelCeiling ceiling, boolean feedsTokenTypes, int[] tokenCounts) {
    }

    /** @param texts the corpus; the first {@link BenchPlan#ceilingTexts()} of them are run */
    Measured measure(String model, List<String> texts) {
        ModelSource source = ModelSource.resolve(model);
        try (OnnxSessionRunner runner = ModelLoader.openSession(model, source, session);
             TextTokenizer tokenizer = TextTokenizer.fromFile(source.tokenizerFile())) {
            int maxLength = ModelLoader.maxLength(source);
            List<Encoding> sorted = new ArrayList<>(texts.size());
            int[] tokenCounts = new int[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                Encoding encoding = tokenizer.encode(texts.get(i), maxLength);
                sorted.add(encoding);
                tokenCounts[i] = encoding.length();
            }
            sorted = new ArrayList<>(sorted.subList(0, Math.min(sorted.size(), plan.ceilingTexts())));
            sorted.sort(Comparator.comparingInt(Encoding::length));
            List<CeilingPoint> points = new ArrayList<>();
            for (int batchSize : plan.batchSizes()) {
                points.add(point(runner, sorted, batchSize));
            }
            String task = TaskDetector.detect(model, runner.outputs()).id();
            return new Measured(new ModelCeiling(model, task, points), runner.feedsTokenTypeIds(), tokenCounts);
        } finally {
            ModelLoader.deleteTemporary(source);
        }
    }

    /**
     * Whole passes over the same sample until the slice is over (its time and its minimum of sequences): every
     * batch size runs exactly the same texts, so the points differ only in batch size, not in which lengths a short
     * window happened to see.
     */
    private CeilingPoint point(OnnxSessionRunner runner, List<Encoding> sorted, int batchSize) {
        List<List<Encoding>> batches = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += batchSize) {
            batches.add(sorted.subList(i, Math.min(sorted.size(), i + batchSize)));
        }
        Collections.shuffle(batches, new Random(batchSize));
        for (int i = 0; i < Math.min(WARM_UP_BATCHES, batches.size()); i++) {
            runner.run(batches.get(i));
        }
        long sequences = 0;
        long realTokens = 0;
        long paddedTokens = 0;
        Slice slice = plan.ceilingSlice();
        long start = System.nanoTime();
        long elapsed;
        do {
            for (List<Encoding> batch : batches) {
                runner.run(batch);
                int longest = 0;
                for (Encoding encoding : batch) {
                    realTokens += encoding.length();
                    longest = Math.max(longest, encoding.length());
                }
                paddedTokens += (long) longest * batch.size();
                sequences += batch.size();
            }
            elapsed = System.nanoTime() - start;
        } while (!slice.isOver(sequences, elapsed));
        return new CeilingPoint(batchSize, slice.rate(sequences, elapsed), realTokens / (elapsed / 1e9),
                paddedTokens == 0 ? 1 : realTokens / (double) paddedTokens);
    }
}
