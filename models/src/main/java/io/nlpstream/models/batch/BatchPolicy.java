package io.nlpstream.models.batch;

import io.nlpstream.models.Lane;
import java.util.Arrays;

/**
 * Which queued sequences form the next batch, and when: a pure function of the queue and the limits, so that
 * {@link DynamicBatcher}'s locking and workers only ask it.
 *
 * <p>When: a batch is due as soon as the queue holds a full batch ({@code maxBatchSize} sequences or
 * {@code maxBatchTokens} tokens), otherwise once the oldest queued sequence has waited {@code maxWait} for company.
 *
 * <p>Which: an anchor, then the queued ones closest to it in length (earlier arrival first among equal
 * distances, from either {@link Lane}), each joining while the batch stays within {@code maxBatchSize} sequences and {@code maxBatchTokens}
 * padded tokens (sequences x longest) and while real tokens stay at least {@code minPaddingEfficiency} of the
 * padded ones. A sequence longer than {@code maxBatchTokens} still runs, alone. A sequence left out anchors or joins
 * a later batch: waiting one batch costs less than computing padding. The anchor is the oldest sequence of the lane
 * whose turn it is ({@link #anchor}; the batcher alternates the turn between lanes), or the oldest of all when that
 * lane has nothing queued: within a lane the oldest always goes first, so nobody starves, and a lane flooded with
 * work (an HTTP client posting thousands of items) takes at most every other batch from the other.
 */
public final class BatchPolicy {

    private final int maxBatchSize;
    private final int maxBatchTokens;
    private final double minPaddingEfficiency;
    private final long maxWaitNanos;

    public BatchPolicy(BatcherSettings settings) {
        this.maxBatchSize = settings.maxBatchSize();
        this.maxBatchTokens = settings.maxBatchTokens();
        this.minPaddingEfficiency = settings.minPaddingEfficiency();
        this.maxWaitNanos = settings.maxWait().toNanos();
    }

    /**
     * The queue as the policy reads it: sequences in arrival order, position 0 the oldest. Read only while the
     * queue cannot change (the batcher holds its lock).
     */
    public interface QueueView {

        /** Queued sequences. */
        int size();

        /** Tokens of the sequence at {@code position} (0 is the oldest). */
        int length(int position);

        /** The lane of the sequence at {@code position}. */
        Lane lane(int position);

        /** When the oldest sequence arrived, on the {@link System#nanoTime()} clock. */
        long oldestArrivalNanos();

        /** Tokens of all queued sequences together. */
        default long tokens() {
            long tokens = 0;
            for (int i = 0; i < size(); i++) {
                tokens += length(i);
            }
            return tokens;
        }
    }

    /**
     * How long to wait before the next batch is due.
     *
     * @param queue a non-empty queue
     * @param nowNanos the current {@link System#nanoTime()}
     * @return {@code 0} when a batch is due now, else the nanoseconds until the oldest sequence has waited
     * {@code maxWait} (new arrivals may make it due sooner)
     */
    public long nanosUntilDue(QueueView queue, long nowNanos) {
        if (queue.size() == 0) {
            throw new IllegalArgumentException("an empty queue has no batch to wait for");
        }
        if (queue.size() >= maxBatchSize || queue.tokens() >= maxBatchTokens) {
            return 0;
        }
        return Math.max(0, queue.oldestArrivalNanos() + maxWaitNanos - nowNanos);
    }

    /**
     * Where the next batch is anchored: the oldest queued sequence of {@code turn}'s lane, or the oldest of all
     * (position 0) when that lane has nothing queued.
     *
     * @param queue a non-empty queue
     */
    public int anchor(QueueView queue, Lane turn) {
        for (int i = 0; i < queue.size(); i++) {
            if (queue.lane(i) == turn) {
                return i;
            }
        }
        return 0;
    }

    /** The next batch anchored on the oldest sequence of all: {@code select(queue, 0)}. */
    public int[] select(QueueView queue) {
        return select(queue, 0);
    }

    /**
     * The next batch.
     *
     * @param queue  a non-empty queue
     * @param anchor the position of the sequence the batch is formed around (see {@link #anchor})
     * @return the positions in {@code queue} of the batch's sequences, the anchor first, then in the order they
     * joined (closest in length first)
     */
    public int[] select(QueueView queue, int anchor) {
        int size = queue.size();
        if (size == 0) {
            throw new IllegalArgumentException("an empty queue has no batch to take");
        }
        if (anchor < 0 || anchor >= size) {
            throw new IllegalArgumentException("anchor " + anchor + " is outside a queue of " + size);
        }
        int anchorLength = queue.length(anchor);
        int candidates = size - 1;
        if (candidates == 0 || maxBatchSize == 1) {
            return new int[]{anchor};
        }
        // (length distance, arrival position) packed in one long: a primitive sort, no boxing.
        long[] order = new long[candidates];
        int c = 0;
        for (int i = 0; i < size; i++) {
            if (i != anchor) {
                long distance = Math.abs(queue.length(i) - anchorLength);
                order[c++] = (distance << 32) | i;
            }
        }
        Arrays.sort(order);
        int[] batch = new int[Math.min(maxBatchSize, size)];
        batch[0] = anchor;
        int taken = 1;
        int longest = Math.max(1, anchorLength);
        long realTokens = anchorLength;
        for (int k = 0; k < candidates && taken < batch.length; k++) {
            int position = (int) order[k];
            int length = queue.length(position);
            int newLongest = Math.max(longest, length);
            long padded = (long) (taken + 1) * newLongest;
            if (padded > maxBatchTokens || realTokens + length < minPaddingEfficiency * padded) {
                continue;
            }
            batch[taken++] = position;
            longest = newLongest;
            realTokens += length;
        }
        return taken == batch.length ? batch : Arrays.copyOf(batch, taken);
    }
}
