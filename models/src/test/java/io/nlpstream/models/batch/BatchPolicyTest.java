package io.nlpstream.models.batch;

import io.nlpstream.models.Lane;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batching policy alone: a queue of lengths in, a decision out. No threads, no clock. */
class BatchPolicyTest {

    private static final long ARRIVAL = 1_000_000_000L;
    private static final Duration MAX_WAIT = Duration.ofMillis(5);

    private static BatchPolicy policy(int maxBatchSize, int maxBatchTokens, double minPaddingEfficiency) {
        return new BatchPolicy(new BatcherSettings(maxBatchSize, maxBatchTokens, MAX_WAIT, 1000,
                minPaddingEfficiency));
    }

    /** Sequences of these lengths, oldest first; the oldest arrived at {@link #ARRIVAL}. */
    private record Queue(int... lengths) implements BatchPolicy.QueueView {
        @Override
        public int size() {
            return lengths.length;
        }

        @Override
        public int length(int position) {
            return lengths[position];
        }

        @Override
        public Lane lane(int position) {
            return Lane.STREAM;
        }

        @Override
        public long oldestArrivalNanos() {
            return ARRIVAL;
        }
    }

    /** Sequences of these lengths on these lanes, oldest first. */
    private record LaneQueue(int[] lengths, Lane[] lanes) implements BatchPolicy.QueueView {
        @Override
        public int size() {
            return lengths.length;
        }

        @Override
        public int length(int position) {
            return lengths[position];
        }

        @Override
        public Lane lane(int position) {
            return lanes[position];
        }

        @Override
        public long oldestArrivalNanos() {
            return ARRIVAL;
        }
    }

    private static final Lane S = Lane.STREAM;
    private static final Lane R = Lane.REQUEST;

    @Test
    void theAnchorIsTheOldestSequenceOfTheLaneWhoseTurnItIs() {
        BatchPolicy policy = policy(8, 1000, 0.0);
        LaneQueue queue = new LaneQueue(new int[]{5, 5, 5, 5}, new Lane[]{R, R, S, S});

        assertThat(policy.anchor(queue, Lane.STREAM)).isEqualTo(2);
        assertThat(policy.anchor(queue, Lane.REQUEST)).isZero();
    }

    @Test
    void aLaneWithNothingQueuedGivesItsTurnToTheOldestOfAll() {
        BatchPolicy policy = policy(8, 1000, 0.0);
        LaneQueue queue = new LaneQueue(new int[]{5, 5}, new Lane[]{R, R});

        assertThat(policy.anchor(queue, Lane.STREAM)).isZero();
    }

    @Test
    void aBatchAnchoredOnTheStreamTakesItFirstThenTheClosestInLengthFromEitherLane() {
        BatchPolicy policy = policy(3, 1000, 0.0);
        // a flood of request sequences queued ahead of one stream sequence
        LaneQueue queue = new LaneQueue(new int[]{20, 20, 20, 20, 8, 9}, new Lane[]{R, R, R, R, S, R});

        int anchor = policy.anchor(queue, Lane.STREAM);

        assertThat(policy.select(queue, anchor)).containsExactly(4, 5, 0);
    }

    @Test
    void anAnchorOutsideTheQueueIsRefused() {
        BatchPolicy policy = policy(3, 1000, 0.0);

        assertThatThrownBy(() -> policy.select(new Queue(1, 2), 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLoneSequenceWaitsForCompanyUntilItHasWaitedMaxWait() {
        BatchPolicy policy = policy(8, 1000, 0.0);
        Queue queue = new Queue(4);

        assertThat(policy.nanosUntilDue(queue, ARRIVAL)).isEqualTo(MAX_WAIT.toNanos());
        assertThat(policy.nanosUntilDue(queue, ARRIVAL + 3_000_000)).isEqualTo(2_000_000);
        assertThat(policy.nanosUntilDue(queue, ARRIVAL + MAX_WAIT.toNanos())).isZero();
        assertThat(policy.nanosUntilDue(queue, ARRIVAL + 60_000_000_000L)).isZero();
    }

    @Test
    void aBatchIsDueAtOnceWhenTheQueueHoldsMaxBatchSizeSequences() {
        BatchPolicy policy = policy(3, 1000, 0.0);

        assertThat(policy.nanosUntilDue(new Queue(2, 2), ARRIVAL)).isPositive();
        assertThat(policy.nanosUntilDue(new Queue(2, 2, 2), ARRIVAL)).isZero();
    }

    @Test
    void aBatchIsDueAtOnceWhenTheQueueHoldsMaxBatchTokens() {
        BatchPolicy policy = policy(100, 20, 0.0);

        assertThat(policy.nanosUntilDue(new Queue(10, 9), ARRIVAL)).isPositive();
        assertThat(policy.nanosUntilDue(new Queue(10, 10), ARRIVAL)).isZero();
        assertThat(policy.nanosUntilDue(new Queue(25), ARRIVAL)).isZero();
    }

    @Test
    void anEmptyQueueHasNoBatch() {
        BatchPolicy policy = policy(8, 1000, 0.0);

        assertThatThrownBy(() -> policy.nanosUntilDue(new Queue(), ARRIVAL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.select(new Queue())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBatchNeverExceedsMaxBatchSizeAndTakesTheOldestFirst() {
        BatchPolicy policy = policy(4, 10_000, 0.0);

        int[] batch = policy.select(new Queue(3, 3, 3, 3, 3, 3));

        assertThat(batch).containsExactly(0, 1, 2, 3);
    }

    @Test
    void paddedTokensCountTheLongestSequenceForEveryMember() {
        // 10 + 3 pads to 2 x 10 = 20 tokens; a third sequence would make 30.
        BatchPolicy policy = policy(100, 20, 0.0);

        int[] batch = policy.select(new Queue(10, 3, 3, 3));

        assertThat(batch).containsExactly(0, 1);
    }

    @Test
    void shortSequencesFillTheTokenBudgetWhenTheOldestIsShort() {
        BatchPolicy policy = policy(100, 20, 0.0);

        int[] batch = policy.select(new Queue(3, 10, 3, 3, 3, 3, 3, 3));

        // 6 x 3 = 18 padded tokens; the 10 would make 7 x 10.
        assertThat(batch).containsExactly(0, 2, 3, 4, 5, 6);
    }

    @Test
    void aSequenceLongerThanTheTokenBudgetRunsAlone() {
        BatchPolicy policy = policy(8, 16, 0.0);

        assertThat(policy.select(new Queue(40, 2, 2))).containsExactly(0);
    }

    @Test
    void theClosestLengthsJoinTheOldestEarlierArrivalsFirstAmongEqualDistances() {
        BatchPolicy policy = policy(3, 10_000, 0.0);

        assertThat(policy.select(new Queue(5, 50, 6, 49, 7, 48))).containsExactly(0, 2, 4);
        assertThat(policy.select(new Queue(50, 6, 49, 7, 48))).containsExactly(0, 2, 4);
        assertThat(policy.select(new Queue(10, 12, 8, 11, 9))).containsExactly(0, 3, 4);
    }

    @Test
    void theOldestAnchorsTheBatchWhateverItsLength() {
        BatchPolicy policy = policy(2, 10_000, 0.0);

        assertThat(policy.select(new Queue(100, 4, 4, 4, 4))).containsExactly(0, 1);
    }

    @Test
    void thePaddingFloorLeavesDissimilarLengthsForALaterBatch() {
        BatchPolicy policy = policy(100, 10_000, 0.8);

        // With a 4 the batch would be 63 real of 80 padded tokens (0.79).
        assertThat(policy.select(new Queue(20, 4, 4, 19, 20))).containsExactly(0, 4, 3);
        assertThat(policy.select(new Queue(4, 4))).containsExactly(0, 1);
    }

    @Test
    void thePaddingFloorCountsTheNewLongestForEveryMember() {
        BatchPolicy policy = policy(100, 10_000, 0.75);

        // 4 + 5 pads to 10 (0.9); adding 6 pads to 18 for 15 real (0.83); adding 8 pads to 32 for 23 (0.72).
        assertThat(policy.select(new Queue(4, 8, 6, 5))).containsExactly(0, 3, 2);
    }

    @Test
    void withoutAPaddingFloorAnyLengthsMayShareABatch() {
        BatchPolicy policy = policy(100, 10_000, 0.0);

        assertThat(policy.select(new Queue(20, 4, 4, 19, 20))).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void aBatchOfOneTakesOnlyTheOldest() {
        BatchPolicy policy = policy(1, 10_000, 0.0);

        assertThat(policy.select(new Queue(9, 9, 9))).containsExactly(0);
    }
}
