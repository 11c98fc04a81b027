package io.nlpstream.topology.support;

import io.nlpstream.models.ModelInfo;
import io.nlpstream.models.Task;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.batch.BatchListener;
import io.nlpstream.models.batch.DynamicBatcher;
import io.nlpstream.models.Lane;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.head.TaskHead;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.runtime.SequenceRunner;
import io.nlpstream.models.testing.Encodings;
import io.nlpstream.models.tokenize.Encoding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A classifier behind a real {@link DynamicBatcher} (one worker) on the stream lane, whose model call can be held:
 * {@link #occupy()} puts another caller's batch in the model and keeps it there until {@link #release()}, so the
 * stream's requests queue behind it as they would behind a busy model. Every answer is POSITIVE 0.9.
 */
public final class QueuedClassifier implements TextClassifier, AutoCloseable {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch held = new CountDownLatch(1);
    private final DynamicBatcher batcher;

    public QueuedClassifier() {
        SequenceRunner runner = batch -> {
            if (held.getCount() > 0) {
                held.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            List<SequenceOutputs> outputs = new ArrayList<>(batch.size());
            batch.forEach(e -> outputs.add(new SequenceOutputs(Map.of())));
            return outputs;
        };
        batcher = new DynamicBatcher("queued", runner, new BatcherSettings(32, 1024, Duration.ZERO, 1000),
                Duration.ofSeconds(30), BatchListener.NONE);
    }

    private static final TaskHead<TextInput, List<LabelScore>> HEAD = new TaskHead<>() {
        @Override
        public List<Encoding> encode(TextInput input) {
            return List.of(Encodings.filled(1, 4));
        }

        @Override
        public List<LabelScore> decode(TextInput input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
            return List.of(new LabelScore("POSITIVE", 0.9));
        }
    };

    /** Another caller's request now runs in the model and stays there until {@link #release()}. */
    public void occupy() throws InterruptedException {
        batcher.submit(HEAD, TextInput.of("occupier"), Lane.REQUEST);
        if (!held.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the occupying batch never reached the model");
        }
    }

    public void release() {
        gate.countDown();
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("queued", "1", Task.TEXT_CLASSIFICATION, "CPU", List.of("NEGATIVE", "POSITIVE"), 512);
    }

    @Override
    public CompletableFuture<List<LabelScore>> classify(TextInput input, ClassificationOptions options) {
        return batcher.submit(HEAD, input, Lane.STREAM);
    }

    @Override
    public void close() {
        release();
        batcher.close();
    }

    /** Closes the model while requests may be queued (they fail as the service's stop would fail them). */
    public void closeWhileHeld() {
        batcher.close();
    }
}
