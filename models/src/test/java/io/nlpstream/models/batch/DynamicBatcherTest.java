package io.nlpstream.models.batch;

import io.nlpstream.models.Lane;
import io.nlpstream.models.InferenceException;
import io.nlpstream.models.head.OutputTensor;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.head.TaskHead;
import io.nlpstream.models.runtime.SequenceRunner;
import io.nlpstream.models.testing.Encodings;
import io.nlpstream.models.tokenize.Encoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batcher against a fake runner. Batch composition is made deterministic by holding the runner on its first
 * batch (a "blocker" request) while the requests under test queue up behind it.
 */
class DynamicBatcherTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeRunner runner = new FakeRunner();
    private final List<BatchListener.BatchStats> stats = new CopyOnWriteArrayList<>();
    private DynamicBatcher batcher;

    @AfterEach
    void close() {
        runner.release();
        if (batcher != null) {
            batcher.close();
        }
    }

    /** A batcher without a padding floor, so the size and token limits are tested alone. */
    private DynamicBatcher batcher(int maxBatchSize, int maxBatchTokens, Duration maxWait, int queueCapacity,
                                   Duration submitTimeout) {
        return batcher(new BatcherSettings(maxBatchSize, maxBatchTokens, maxWait, queueCapacity, 0.0),
                submitTimeout);
    }

    private DynamicBatcher batcher(BatcherSettings settings, Duration submitTimeout) {
        batcher = new DynamicBatcher("test", runner, settings, submitTimeout, stats::add);
        return batcher;
    }

    /** Occupies the worker with a first batch until {@link FakeRunner#release()}. */
    private CompletableFuture<List<Float>> block() throws InterruptedException {
        runner.holdNextBatch();
        CompletableFuture<List<Float>> blocker = batcher.submit(TagHead.INSTANCE, List.of(new Seq(0, 1)));
        assertThat(runner.awaitHeld()).isTrue();
        return blocker;
    }

    @Test
    void batchesNeverExceedTheSizeLimit() throws Exception {
        batcher(4, 10_000, Duration.ZERO, 1000, LONG);
        block();
        List<CompletableFuture<List<Float>>> futures = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i, 3))));
        }
        runner.release();
        for (int i = 0; i < 10; i++) {
            assertThat(futures.get(i).get(10, TimeUnit.SECONDS)).containsExactly((float) (i + 1));
        }
        assertThat(runner.batchSizes()).containsExactly(1, 4, 4, 2);
    }

    @Test
    void batchesNeverExceedThePaddedTokenLimitCountingPadding() throws Exception {
        batcher(100, 20, Duration.ZERO, 1000, LONG);
        block();
        // One long sequence among short ones: with it, only two fit (2 x 10 padded tokens).
        List<CompletableFuture<List<Float>>> futures = new ArrayList<>();
        futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 10))));
        for (int i = 2; i <= 7; i++) {
            futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i, 3))));
        }
        runner.release();
        for (CompletableFuture<List<Float>> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        for (List<Encoding> batch : runner.batches()) {
            int longest = batch.stream().mapToInt(Encoding::length).max().orElseThrow();
            assertThat(batch.size() * longest).isLessThanOrEqualTo(20);
        }
        assertThat(runner.batches().get(1)).extracting(Encoding::length).containsExactly(10, 3);
        assertThat(runner.batchSizes()).containsExactly(1, 2, 5);
        assertThat(stats.get(1).paddedTokens()).isEqualTo(20);
        assertThat(stats.get(1).realTokens()).isEqualTo(13);
    }

    @Test
    void aSequenceLongerThanTheTokenLimitStillRunsAlone() throws Exception {
        batcher(8, 16, Duration.ZERO, 1000, LONG);
        assertThat(batcher.submit(TagHead.INSTANCE, List.of(new Seq(5, 40))).get(10, TimeUnit.SECONDS))
                .containsExactly(5f);
    }

    @Test
    void aFullBatchDoesNotWaitForMaxWait() throws Exception {
        // maxWait is far longer than the test's timeout: only a full batch can complete these in time.
        batcher(3, 10_000, Duration.ofHours(1), 1000, LONG);
        List<CompletableFuture<List<Float>>> futures = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i, 2))));
        }
        for (CompletableFuture<List<Float>> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        assertThat(runner.batchSizes()).containsExactly(3);
    }

    @Test
    void aLoneRequestWaitsAtLeastMaxWaitForCompanyThenRunsAlone() throws Exception {
        batcher(8, 10_000, Duration.ofMillis(80), 1000, LONG);
        assertThat(batcher.submit(TagHead.INSTANCE, List.of(new Seq(7, 4))).get(10, TimeUnit.SECONDS))
                .containsExactly(7f);
        assertThat(runner.batchSizes()).containsExactly(1);
        assertThat(stats.get(0).queueWaitNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(80).toNanos());
    }

    @Test
    void similarLengthsAreBatchedTogetherAndTheOldestAlwaysGoesFirst() throws Exception {
        batcher(3, 10_000, Duration.ZERO, 1000, LONG);
        block();
        int[] lengths = {5, 50, 6, 49, 7, 48};
        List<CompletableFuture<List<Float>>> futures = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i + 1, lengths[i]))));
        }
        runner.release();
        for (CompletableFuture<List<Float>> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        assertThat(runner.batches().get(1)).extracting(Encoding::length).containsExactly(5, 6, 7);
        assertThat(runner.batches().get(2)).extracting(Encoding::length).containsExactly(50, 49, 48);
    }

    @Test
    void anOddLengthIsNotStarvedBySimilarNewcomers() throws Exception {
        batcher(2, 10_000, Duration.ZERO, 1000, LONG);
        block();
        CompletableFuture<List<Float>> odd = batcher.submit(TagHead.INSTANCE, List.of(new Seq(99, 100)));
        for (int i = 1; i <= 6; i++) {
            batcher.submit(TagHead.INSTANCE, List.of(new Seq(i, 4)));
        }
        runner.release();
        odd.get(10, TimeUnit.SECONDS);
        // The oldest queued sequence anchors the very next batch, whatever its length.
        assertThat(runner.batches().get(1)).extracting(Encoding::length).startsWith(100);
    }

    @Test
    void thePaddingFloorKeepsDissimilarLengthsInSeparateBatches() throws Exception {
        batcher(new BatcherSettings(100, 10_000, Duration.ZERO, 1000, 0.8), LONG);
        block();
        List<CompletableFuture<List<Float>>> futures = submitLengths(20, 4, 4, 19, 20);
        runner.release();
        for (CompletableFuture<List<Float>> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        // With a 4 the first batch would be 63 real of 80 padded tokens (0.79): the 4s wait for their own batch.
        assertThat(runner.batches().get(1)).extracting(Encoding::length).containsExactly(20, 20, 19);
        assertThat(runner.batches().get(2)).extracting(Encoding::length).containsExactly(4, 4);
        for (BatchListener.BatchStats batch : stats) {
            assertThat((double) batch.realTokens() / batch.paddedTokens()).isGreaterThanOrEqualTo(0.8);
        }
    }

    @Test
    void withoutAPaddingFloorAnyLengthsMayShareABatch() throws Exception {
        batcher(new BatcherSettings(100, 10_000, Duration.ZERO, 1000, 0.0), LONG);
        block();
        List<CompletableFuture<List<Float>>> futures = submitLengths(20, 4, 4, 19, 20);
        runner.release();
        for (CompletableFuture<List<Float>> future : futures) {
            future.get(10, TimeUnit.SECONDS);
        }
        assertThat(runner.batchSizes()).containsExactly(1, 5);
    }

    @Test
    void thePaddingFloorMustBeAShare() {
        assertThatThrownBy(() -> new BatcherSettings(8, 100, Duration.ZERO, 10, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("padding efficiency");
        assertThatThrownBy(() -> new BatcherSettings(8, 100, Duration.ZERO, 10, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new BatcherSettings(8, 100, Duration.ZERO, 10).minPaddingEfficiency())
                .isEqualTo(BatcherSettings.DEFAULT_MIN_PADDING_EFFICIENCY);
    }

    /**
     * Overload, deterministically: the model is held on its first batch while four threads offer 50 times the
     * queue's capacity with no submit timeout. The queue never holds more than its capacity, the surplus is refused
     * at once with {@link BatcherOverloadedException} (nothing buffers it), and what was admitted still runs.
     */
    @Test
    void underOverloadTheQueueStaysWithinItsCapacityAndTheSurplusIsRefused() throws Exception {
        int capacity = 8;
        int offered = capacity * 50;
        batcher(new BatcherSettings(4, 10_000, Duration.ZERO, capacity, 0.0), Duration.ZERO);
        block();
        List<CompletableFuture<List<Float>>> futures = new CopyOnWriteArrayList<>();
        List<Integer> depths = new CopyOnWriteArrayList<>();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int first = p * offered / 4;
            Thread producer = new Thread(() -> {
                for (int i = first; i < first + offered / 4; i++) {
                    futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i + 1, 3))));
                    depths.add(batcher.queuedSequences());
                }
            });
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join(10_000);
        }
        assertThat(depths).hasSize(offered).allSatisfy(depth -> assertThat(depth).isLessThanOrEqualTo(capacity));
        assertThat(batcher.queuedSequences()).isEqualTo(capacity);
        List<CompletableFuture<List<Float>>> refused = futures.stream().filter(CompletableFuture::isDone).toList();
        assertThat(refused).hasSize(offered - capacity).allSatisfy(f -> assertThatThrownBy(f::join)
                .hasCauseInstanceOf(BatcherOverloadedException.class));
        runner.release();
        for (CompletableFuture<List<Float>> admitted : futures) {
            if (!refused.contains(admitted)) {
                assertThat(admitted.get(10, TimeUnit.SECONDS)).hasSize(1);
            }
        }
        assertThat(runner.batches()).flatExtracting(b -> b).hasSize(1 + capacity);
    }

    @Test
    void withTwoWorkersABatchRunsWhileAnotherIsStillInTheModel() throws Exception {
        batcher(new BatcherSettings(8, 10_000, Duration.ZERO, 1000, 0.0, 2), LONG);
        CompletableFuture<List<Float>> held = block();
        CompletableFuture<List<Float>> next = batcher.submit(TagHead.INSTANCE, List.of(new Seq(5, 3)));
        assertThat(next.get(10, TimeUnit.SECONDS)).containsExactly(5f);
        assertThat(held).isNotDone();
        runner.release();
        assertThat(held.get(10, TimeUnit.SECONDS)).containsExactly(0f);
    }

    @Test
    void aRequestWhoseWindowsRunOnDifferentWorkersStillCompletesInOrder() throws Exception {
        batcher(new BatcherSettings(1, 10_000, Duration.ZERO, 1000, 0.0, 3), LONG);
        for (int round = 0; round < 20; round++) {
            List<Seq> windows = new ArrayList<>();
            for (int w = 1; w <= 9; w++) {
                windows.add(new Seq(round * 100 + w, 4));
            }
            List<Float> expected = windows.stream().map(seq -> (float) seq.tag()).toList();
            assertThat(batcher.submit(TagHead.INSTANCE, windows).get(10, TimeUnit.SECONDS))
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void workersDefaultToOnePerCore() {
        assertThat(BatcherSettings.DEFAULTS.workers()).isEqualTo(BatcherSettings.WORKERS_PER_CORE);
        assertThat(BatcherSettings.DEFAULTS.effectiveWorkers())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new BatcherSettings(8, 100, Duration.ZERO, 10).workers()).isEqualTo(1);
        assertThatThrownBy(() -> BatcherSettings.DEFAULTS.withWorkers(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullQueueBlocksSubmitThenFailsWithOverload() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 2, Duration.ofMillis(50));
        block();
        CompletableFuture<List<Float>> first = batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 2)));
        CompletableFuture<List<Float>> second = batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 2)));
        long start = System.nanoTime();
        CompletableFuture<List<Float>> third = batcher.submit(TagHead.INSTANCE, List.of(new Seq(3, 2)));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        assertThatThrownBy(() -> third.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BatcherOverloadedException.class);
        runner.release();
        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(1f);
        assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(2f);
    }

    @Test
    void aBlockedSubmitProceedsOnceTheQueueDrains() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1, LONG);
        block();
        batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 2)));
        CompletableFuture<CompletableFuture<List<Float>>> blockedSubmit =
                CompletableFuture.supplyAsync(() -> batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 2))));
        assertThatThrownBy(() -> blockedSubmit.get(100, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        runner.release();
        assertThat(blockedSubmit.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).containsExactly(2f);
    }

    @Test
    void aModelErrorFailsOnlyItsBatchAndTheWorkerGoesOn() throws Exception {
        batcher(2, 10_000, Duration.ZERO, 1000, LONG);
        runner.failWhen(batch -> batch.stream().anyMatch(e -> e.ids()[0] == 666));
        block();
        CompletableFuture<List<Float>> poisoned = batcher.submit(TagHead.INSTANCE, List.of(new Seq(666, 3)));
        CompletableFuture<List<Float>> unlucky = batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 3)));
        CompletableFuture<List<Float>> later = batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 3)));
        runner.release();
        assertThatThrownBy(() -> poisoned.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InferenceException.class)
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> unlucky.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InferenceException.class);
        assertThat(later.get(10, TimeUnit.SECONDS)).containsExactly(2f);
        assertThat(batcher.submit(TagHead.INSTANCE, List.of(new Seq(3, 3))).get(10, TimeUnit.SECONDS))
                .containsExactly(3f);
        assertThat(stats).extracting(BatchListener.BatchStats::failed).containsExactly(false, true, false, false);
    }

    @Test
    void aHeadThatCannotDecodeFailsOnlyItsOwnRequest() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        block();
        TaskHead<List<Seq>, List<Float>> broken = new TagHead() {
            @Override
            public List<Float> decode(List<Seq> input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
                throw new IllegalStateException("cannot decode");
            }
        };
        CompletableFuture<List<Float>> bad = batcher.submit(broken, List.of(new Seq(1, 3)));
        CompletableFuture<List<Float>> good = batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 3)));
        runner.release();
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InferenceException.class)
                .hasMessageContaining("cannot decode");
        assertThat(good.get(10, TimeUnit.SECONDS)).containsExactly(2f);
        assertThat(runner.batchSizes()).containsExactly(1, 2);
    }

    @Test
    void aRequestOfSeveralSequencesCompletesOnceAllRanInItsOwnOrder() throws Exception {
        batcher(2, 10_000, Duration.ZERO, 1000, LONG);
        block();
        // Five windows over three batches, one of them shared with another caller.
        CompletableFuture<List<Float>> windows = batcher.submit(TagHead.INSTANCE,
                List.of(new Seq(11, 4), new Seq(12, 4), new Seq(13, 4), new Seq(14, 4), new Seq(15, 4)));
        CompletableFuture<List<Float>> other = batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 4)));
        runner.release();
        assertThat(windows.get(10, TimeUnit.SECONDS)).containsExactly(11f, 12f, 13f, 14f, 15f);
        assertThat(other.get(10, TimeUnit.SECONDS)).containsExactly(2f);
        assertThat(runner.batchSizes()).containsExactly(1, 2, 2, 2);
    }

    @Test
    void aFailedWindowFailsTheWholeRequestAndItsOtherWindowsAreSkipped() throws Exception {
        batcher(1, 10_000, Duration.ZERO, 1000, LONG);
        runner.failWhen(batch -> batch.get(0).ids()[0] == 666);
        block();
        CompletableFuture<List<Float>> windows = batcher.submit(TagHead.INSTANCE,
                List.of(new Seq(666, 4), new Seq(12, 4), new Seq(13, 4)));
        CompletableFuture<List<Float>> other = batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 4)));
        runner.release();
        assertThatThrownBy(() -> windows.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InferenceException.class);
        assertThat(other.get(10, TimeUnit.SECONDS)).containsExactly(2f);
        assertThat(runner.batches()).flatExtracting(b -> b).extracting(e -> e.ids()[0])
                .doesNotContain(12L, 13L);
    }

    @Test
    void aCancelledRequestNeverReachesTheModel() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        block();
        CompletableFuture<List<Float>> cancelled = batcher.submit(TagHead.INSTANCE, List.of(new Seq(41, 3)));
        CompletableFuture<List<Float>> kept = batcher.submit(TagHead.INSTANCE, List.of(new Seq(42, 3)));
        cancelled.cancel(false);
        runner.release();
        assertThat(kept.get(10, TimeUnit.SECONDS)).containsExactly(42f);
        assertThat(runner.batches()).flatExtracting(b -> b).extracting(e -> e.ids()[0]).doesNotContain(41L);
    }

    @Test
    void closeFailsPendingRequestsAndLaterSubmits() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        CompletableFuture<List<Float>> blocker = block();
        CompletableFuture<List<Float>> pending = batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 3)));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(batcher::close);
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InferenceException.class)
                .hasMessageContaining("closed");
        runner.release();
        closing.get(10, TimeUnit.SECONDS);
        // The batch in flight finishes normally.
        assertThat(blocker.get(10, TimeUnit.SECONDS)).containsExactly(0f);
        assertThatThrownBy(() -> batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 3))).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(InferenceException.class);
    }

    @Test
    void aCallReportsNoStartWhileQueuedAndItsStartOnceItRuns() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        block();
        long submitted = System.nanoTime();
        CompletableFuture<List<Float>> queued = batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 3)));

        assertThat(queued).isInstanceOf(ModelCall.class);
        assertThat(((ModelCall<List<Float>>) queued).startedNanos()).isEmpty();
        assertThat(ModelCall.startedNanos(queued, 0L)).isEmpty();

        runner.release();
        assertThat(queued.get(10, TimeUnit.SECONDS)).containsExactly(1f);
        assertThat(((ModelCall<List<Float>>) queued).startedNanos().orElseThrow() - submitted).isPositive();
    }

    @Test
    void aFutureNotFromTheBatcherCountsAsStartedWhenSubmitted() {
        assertThat(ModelCall.startedNanos(CompletableFuture.failedFuture(new IllegalStateException()), 42L))
                .hasValue(42L);
    }

    @Test
    void theLongestRunningCallShowsWhileTheModelIsBusyAndNotWhenIdle() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        assertThat(batcher.longestRunningCall()).isEmpty();
        CompletableFuture<List<Float>> blocker = block();

        assertThat(batcher.longestRunningCall()).isPresent();

        runner.release();
        blocker.get(10, TimeUnit.SECONDS);
        assertThat(batcher.longestRunningCall()).isEmpty();
    }

    @Test
    void aFullRequestLaneNeverRefusesTheStream() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1, Duration.ZERO);
        block();
        CompletableFuture<List<Float>> request = batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 2)),
                Lane.REQUEST);
        CompletableFuture<List<Float>> refused = batcher.submit(TagHead.INSTANCE, List.of(new Seq(2, 2)),
                Lane.REQUEST);
        CompletableFuture<List<Float>> stream = batcher.submit(TagHead.INSTANCE, List.of(new Seq(3, 2), new Seq(4, 2)),
                Lane.STREAM);

        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BatcherOverloadedException.class);
        runner.release();
        assertThat(request.get(10, TimeUnit.SECONDS)).containsExactly(1f);
        assertThat(stream.get(10, TimeUnit.SECONDS)).containsExactly(3f, 4f);
    }

    @Test
    void aStreamSequenceQueuedBehindARequestFloodRunsInTheNextBatch() throws Exception {
        batcher(2, 10_000, Duration.ZERO, 1000, LONG);
        block(); // a request-lane batch: the stream has the next turn
        List<CompletableFuture<List<Float>>> flood = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            flood.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i, 5)), Lane.REQUEST));
        }
        CompletableFuture<List<Float>> stream = batcher.submit(TagHead.INSTANCE, List.of(new Seq(99, 5)),
                Lane.STREAM);

        runner.release();
        assertThat(stream.get(10, TimeUnit.SECONDS)).containsExactly(99f);
        for (CompletableFuture<List<Float>> f : flood) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(runner.batches().get(1)).extracting(e -> e.ids()[0]).startsWith(99L);
    }

    @Test
    void closeFailsQueuedRequestsWithTheClosedExceptionNotAModelError() throws Exception {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        block();
        CompletableFuture<List<Float>> pending = batcher.submit(TagHead.INSTANCE, List.of(new Seq(1, 3)),
                Lane.STREAM);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(batcher::close);

        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(BatcherClosedException.class);
        runner.release();
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void encodingErrorsFailOnTheCallersFutureWithoutReachingTheModel() {
        batcher(8, 10_000, Duration.ZERO, 1000, LONG);
        TaskHead<List<Seq>, List<Float>> unencodable = new TagHead() {
            @Override
            public List<Encoding> encode(List<Seq> input) {
                throw new IllegalArgumentException("bad input");
            }
        };
        assertThatThrownBy(() -> batcher.submit(unencodable, List.of(new Seq(1, 1))).get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(runner.batches()).isEmpty();
    }

    private List<CompletableFuture<List<Float>>> submitLengths(int... lengths) {
        List<CompletableFuture<List<Float>>> futures = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            futures.add(batcher.submit(TagHead.INSTANCE, List.of(new Seq(i + 1, lengths[i]))));
        }
        return futures;
    }

    /** One sequence to make: a tag (the id of every token, echoed back by the runner) and a length. */
    record Seq(long tag, int length) {
    }

    /** Encodes each {@link Seq} to one sequence; decodes to the tags the runner saw, in request order. */
    static class TagHead implements TaskHead<List<Seq>, List<Float>> {
        static final TagHead INSTANCE = new TagHead();

        @Override
        public List<Encoding> encode(List<Seq> input) {
            return input.stream().map(s -> Encodings.filled(s.tag(), s.length())).toList();
        }

        @Override
        public List<Float> decode(List<Seq> input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
            assertThat(outputs).hasSameSizeAs(encodings);
            return outputs.stream().map(o -> o.get("tag").data()[0]).toList();
        }
    }

    /** Echoes each sequence's first id as output "tag"; can hold a batch and fail chosen batches. */
    static final class FakeRunner implements SequenceRunner {
        private final List<List<Encoding>> batches = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch held = new CountDownLatch(0);
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile boolean holdNext;
        private volatile Predicate<List<Encoding>> failWhen = b -> false;

        void holdNextBatch() {
            held = new CountDownLatch(1);
            gate = new CountDownLatch(1);
            holdNext = true;
        }

        boolean awaitHeld() throws InterruptedException {
            return held.await(10, TimeUnit.SECONDS);
        }

        void release() {
            gate.countDown();
        }

        void failWhen(Predicate<List<Encoding>> predicate) {
            failWhen = predicate;
        }

        List<List<Encoding>> batches() {
            return batches;
        }

        List<Integer> batchSizes() {
            return batches.stream().map(List::size).toList();
        }

        @Override
        public List<SequenceOutputs> run(List<Encoding> batch) {
            batches.add(List.copyOf(batch));
            if (holdNext) {
                holdNext = false;
                held.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failWhen.test(batch)) {
                throw new IllegalStateException("boom");
            }
            return batch.stream().map(e -> new SequenceOutputs(Map.of("tag",
                    new OutputTensor(new float[]{e.ids()[0]}, new int[]{1})))).toList();
        }
    }
}
