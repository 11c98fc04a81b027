package io.nlpstream.models.batch;

import io.nlpstream.models.testing.FixtureModels;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.head.TaskHead;
import io.nlpstream.models.runtime.OnnxSessionRunner;
import io.nlpstream.models.runtime.SessionSettings;
import io.nlpstream.models.testing.Encodings;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The batcher driving the real sentiment fixture's session from several threads at once. */
class BatchedInferenceTest {

    /** Hands the raw logits back, so results can be compared number for number. */
    private static final TaskHead<Encoding, float[]> RAW_LOGITS = new TaskHead<>() {
        @Override
        public List<Encoding> encode(Encoding input) {
            return List.of(input);
        }

        @Override
        public float[] decode(Encoding input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
            return outputs.get(0).get("logits").data();
        }
    };

    @Test
    void concurrentCallersGetWhatTheyWouldGetAloneWithin1e5() throws Exception {
        byte[] model = FixtureModels.modelBytes(FixtureModels.SENTIMENT);
        List<Encoding> inputs = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            inputs.add(Encodings.bertLike(i, 1 + (i * 13) % 40));
        }
        List<BatchListener.BatchStats> stats = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (OnnxSessionRunner runner = OnnxSessionRunner.open("demo-sentiment", model, SessionSettings.DEFAULTS);
             DynamicBatcher batcher = new DynamicBatcher("demo-sentiment", runner,
                     new BatcherSettings(16, 4096, Duration.ofMillis(20), 1024), Duration.ofSeconds(30),
                     stats::add)) {
            List<float[]> alone = new ArrayList<>();
            for (Encoding input : inputs) {
                alone.add(runner.run(List.of(input)).get(0).get("logits").data());
            }
            List<CompletableFuture<float[]>> batched = new ArrayList<>();
            for (Encoding input : inputs) {
                batched.add(CompletableFuture.supplyAsync(() -> batcher.submit(RAW_LOGITS, input), callers)
                        .thenCompose(f -> f));
            }
            for (int i = 0; i < inputs.size(); i++) {
                float[] together = batched.get(i).get(30, TimeUnit.SECONDS);
                for (int c = 0; c < 3; c++) {
                    assertThat(together[c]).isCloseTo(alone.get(i)[c], within(1e-5f));
                }
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(stats.stream().mapToInt(BatchListener.BatchStats::batchSize).sum()).isEqualTo(64);
        assertThat(stats).allSatisfy(s -> assertThat(s.batchSize()).isBetween(1, 16));
    }
}
