package io.nlpstream.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.nlpstream.tools.bench.BenchResults.BatcherRun;
import io.nlpstream.models.LoadedModel;
import io.nlpstream.models.load.ModelLoader;
import io.nlpstream.models.Task;
import io.nlpstream.models.batch.BatchListener;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.batch.DynamicBatcher;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.runtime.SessionSettings;

/**
 * Our dynamic batcher alone, as any in-process caller uses it: a model loaded with {@link ModelLoader}, requests
 * submitted through its public view ({@code embed}, {@code classify}) by {@value #CALLERS} threads that keep
 * {@code inFlight} requests outstanding (a closed loop), so the batcher always has company to batch. Tokenization
 * and heads run as in production: on the callers and the batcher's worker.
 */
final class BatcherBench implements Contender {
    static final int CALLERS = 2;

    private final LoadedModel loaded;
    private final Function<String, CompletableFuture<?>> call;
    private final List<String> texts;
    private final int inFlight;
    private final BatchTally tally = new BatchTally();

    BatcherBench(String model, SessionSettings session, BatcherSettings batcher, List<String> texts) {
        this.loaded = ModelLoader.load(null, model, session, batcher, DynamicBatcher.DEFAULT_SUBMIT_TIMEOUT, tally);
        this.call = call(loaded);
        this.texts = texts;
        this.inFlight = inFlight(batcher);
    }

    /** Enough outstanding requests to fill several batches, whatever their lengths. */
    static int inFlight(BatcherSettings batcher) {
        return Math.max(64, batcher.maxBatchSize() * 8);
    }

    private static Function<String, CompletableFuture<?>> call(LoadedModel model) {
        Task task = model.info().task();
        return switch (task) {
            case FEATURE_EXTRACTION -> {
                var embedder = model.asTextEmbedder(EmbeddingOptions.DEFAULTS);
                yield embedder::embed;
            }
            case TEXT_CLASSIFICATION -> {
                var classifier = model.asTextClassifier();
                yield text -> classifier.classify(text, ClassificationOptions.DEFAULTS);
            }
            default -> throw new IllegalArgumentException("bench measures feature-extraction and text-classification"
                    + " models, not " + task.id());
        };
    }

    /**
     * Requests completed from the loop's start until the slice is over (the slice ends on a completion, so no
     * partial batch is in its time); the requests still outstanding then finish uncounted.
     */
    @Override
    public Rate run(Slice slice) throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(call, texts, inFlight);
        loop.start();
        try {
            return loop.completions.await(slice);
        } finally {
            loop.stop();
        }
    }

    @Override
    public void warmedUp() {
        tally.reset();
    }

    /** The measured rate with what the batcher did meanwhile. */
    BatcherRun run(Rate rate) {
        BatchListener.BatchStats totals = tally.totals();
        double meanBatch = tally.batches() == 0 ? 0 : totals.batchSize() / (double) tally.batches();
        double efficiency = totals.paddedTokens() == 0 ? 1 : totals.realTokens() / (double) totals.paddedTokens();
        return new BatcherRun(rate, inFlight, meanBatch, efficiency);
    }

    @Override
    public void close() {
        loaded.close();
    }

    /** Callers that keep a fixed number of requests outstanding until stopped. */
    private static final class ClosedLoop {
        private final Function<String, CompletableFuture<?>> call;
        private final List<String> texts;
        private final Semaphore permits;
        private final int inFlight;
        private final Completions completions = new Completions(System::nanoTime);
        private final AtomicLong failed = new AtomicLong();
        private final List<Thread> callers = new ArrayList<>();
        private volatile boolean stopped;

        ClosedLoop(Function<String, CompletableFuture<?>> call, List<String> texts, int inFlight) {
            this.call = call;
            this.texts = texts;
            this.inFlight = inFlight;
            this.permits = new Semaphore(inFlight);
        }

        void start() {
            for (int c = 0; c < CALLERS; c++) {
                int offset = c * texts.size() / CALLERS;
                Thread caller = new Thread(() -> submitFrom(offset), "bench-caller-" + c);
                caller.setDaemon(true);
                callers.add(caller);
                caller.start();
            }
        }

        private void submitFrom(int offset) {
            for (int i = offset; !stopped; i++) {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                call.apply(texts.get(i % texts.size())).whenComplete((result, error) -> {
                    if (error == null) {
                        completions.complete();
                    } else {
                        failed.incrementAndGet();
                    }
                    permits.release();
                });
            }
        }

        /** Stops submitting and waits for what is outstanding, so the next measurement starts on an idle CPU. */
        void stop() throws InterruptedException {
            stopped = true;
            // No interrupt: a blocked caller wakes when an outstanding request completes and frees a permit.
            for (Thread caller : callers) {
                caller.join(Duration.ofSeconds(60).toMillis());
            }
            if (permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
                permits.release(inFlight);
            }
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " requests failed during the batcher run");
            }
        }
    }

    /** Sums every batch's statistics; the listener runs on the batcher's worker, reads come from the bench. */
    private static final class BatchTally implements BatchListener {
        private long batches;
        private long sequences;
        private long padded;
        private long real;

        @Override
        public synchronized void onBatch(BatchStats stats) {
            batches++;
            sequences += stats.batchSize();
            padded += stats.paddedTokens();
            real += stats.realTokens();
        }

        synchronized void reset() {
            batches = 0;
            sequences = 0;
            padded = 0;
            real = 0;
        }

        synchronized long batches() {
            return batches;
        }

        /** The sums as one {@link BatchStats}: batch size, padded and real tokens. */
        synchronized BatchStats totals() {
            return new BatchStats((int) sequences, padded, real, 0, 0, false, 0);
        }
    }
}
