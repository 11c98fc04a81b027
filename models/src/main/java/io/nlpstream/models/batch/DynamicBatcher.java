package io.nlpstream.models.batch;

import io.nlpstream.models.InferenceException;
import io.nlpstream.models.Lane;
import io.nlpstream.models.head.SequenceOutputs;
import io.nlpstream.models.head.TaskHead;
import io.nlpstream.models.runtime.SequenceRunner;
import io.nlpstream.models.tokenize.Encoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one queue in front of a model, shared by every caller (stream threads, CLI, HTTP), each on its {@link Lane}.
 *
 * <p>{@link #submit} encodes on the caller's thread and enqueues the request's sequences. Worker threads take
 * batches as {@link BatchPolicy} decides: the oldest sequence waits at most {@code maxWait} (counted from its
 * arrival) for company; a batch is anchored on the oldest sequence of each lane in turn and joined by the queued
 * sequences closest in length to it within the size, padded-token and padding-efficiency limits. This class only
 * holds the queue, its lock and the workers.
 *
 * <p>Each request's future is a {@link ModelCall}, which records when its first sequence started running: callers
 * count their deadlines from there, so waiting in the queue is back-pressure, never a timeout.
 *
 * <p>{@code workers} threads form and run batches, so that many model calls may run at once (ONNX Runtime sessions
 * are thread-safe; the runner gives each call its own buffers); each takes the oldest sequence still queued.
 *
 * <p>Each caller's future completes, on a worker thread, once all its sequences have run (question answering
 * sends several windows) and its head decoded them; dependent stages that do real work should use the
 * {@code *Async} variants. A failed model call fails only the futures of that batch with an
 * {@link InferenceException}; the worker goes on. When {@code queueCapacity} sequences of the {@link Lane#REQUEST}
 * lane are queued, a request submit blocks up to the submit timeout, then returns a future failed with
 * {@link BatcherOverloadedException}; the {@link Lane#STREAM} lane is never refused (the topology bounds it).
 * {@link #close()} fails every pending future with {@link BatcherClosedException} and stops the workers after the
 * batches in flight.
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    /** How long {@link #submit} waits for queue space unless told otherwise. */
    public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final SequenceRunner runner;
    private final BatcherSettings settings;
    private final BatchPolicy policy;
    private final long submitTimeoutNanos;
    private final BatchListener listener;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    /** Queued sequences in arrival order; guarded by {@link #lock}. */
    private final ArrayList<Pending> queue = new ArrayList<>();
    private long queuedTokens;
    /** Queued sequences per lane ({@link Lane#ordinal()}); guarded by {@link #lock}. */
    private final int[] queuedPerLane = new int[Lane.values().length];
    /** The lane whose oldest sequence anchors the next batch; guarded by {@link #lock}. */
    private Lane turn = Lane.STREAM;
    private final QueueView queueView = new QueueView();
    /** Written under {@link #lock}; volatile so {@link #submit} can refuse before touching a closed tokenizer. */
    private volatile boolean closed;

    /** Each forms and runs batches; several run model calls in parallel (single-threaded sessions on many cores). */
    private final List<Thread> workers;
    /** Per worker: {@link System#nanoTime()} when its model call in progress started, 0 when idle. */
    private final AtomicLongArray runningSince;

    public DynamicBatcher(String name, SequenceRunner runner, BatcherSettings settings) {
        this(name, runner, settings, DEFAULT_SUBMIT_TIMEOUT, BatchListener.NONE);
    }

    /**
     * @param name          the model's name, for the worker thread and messages
     * @param submitTimeout how long {@link #submit} may block on a full queue before failing
     */
    public DynamicBatcher(String name, SequenceRunner runner, BatcherSettings settings, Duration submitTimeout,
                          BatchListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = new BatchPolicy(settings);
        this.submitTimeoutNanos = Math.max(0, submitTimeout.toNanos());
        this.listener = Objects.requireNonNull(listener, "listener");
        int count = settings.effectiveWorkers();
        List<Thread> started = new ArrayList<>(count);
        this.runningSince = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread worker = new Thread(() -> work(index), "nlp-batcher-" + name + (count > 1 ? "-" + i : ""));
            worker.setDaemon(true);
            started.add(worker);
        }
        this.workers = List.copyOf(started);
        this.workers.forEach(Thread::start);
    }

    /** {@link #submit(TaskHead, Object, Lane)} on the {@link Lane#REQUEST} lane. */
    public <I, O> CompletableFuture<O> submit(TaskHead<I, O> head, I input) {
        return submit(head, input, Lane.REQUEST);
    }

    /**
     * Encodes {@code input} with {@code head} on the calling thread and queues its sequences on {@code lane}.
     *
     * @return the decoded result (a {@link ModelCall} once queued); failed with {@link BatcherOverloadedException}
     * when the request lane stayed full for the submit timeout, with {@link BatcherClosedException} when the batcher
     * closed first, with {@link InferenceException} when the model or the head failed, or with the head's own
     * exception when the input could not be encoded
     */
    public <I, O> CompletableFuture<O> submit(TaskHead<I, O> head, I input, Lane lane) {
        Objects.requireNonNull(lane, "lane");
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        List<Encoding> encodings;
        try {
            encodings = head.encode(input);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Request<I, O> request = new Request<>(head, input, encodings);
        if (encodings.isEmpty()) {
            request.decodeAndComplete();
            return request.future;
        }
        int count = encodings.size();
        lock.lock();
        try {
            long remaining = submitTimeoutNanos;
            // A request larger than the whole lane still gets in when the lane is empty, or it never could.
            while (!closed && lane == Lane.REQUEST && queuedPerLane[lane.ordinal()] > 0
                    && queuedPerLane[lane.ordinal()] + count > settings.queueCapacity()) {
                if (remaining <= 0) {
                    return CompletableFuture.failedFuture(new BatcherOverloadedException("Model '" + name
                            + "' is overloaded: its request queue of " + settings.queueCapacity()
                            + " sequences stayed full for " + Duration.ofNanos(submitTimeoutNanos).toMillis()
                            + " ms."));
                }
                remaining = notFull.awaitNanos(remaining);
            }
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Encoding encoding = encodings.get(i);
                queue.add(new Pending(request, i, encoding, lane, now));
                queuedTokens += encoding.length();
            }
            queuedPerLane[lane.ordinal()] += count;
            notEmpty.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(
                    new InferenceException("Interrupted while waiting for space in model '" + name + "''s queue.", e));
        } finally {
            lock.unlock();
        }
        return request.future;
    }

    /** Sequences waiting for a batch, for a queue-depth gauge. */
    public int queuedSequences() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long the longest model call now running has been running, if one is: a call far past its callers'
     * timeout is a hung model (liveness reports it).
     */
    public Optional<Duration> longestRunningCall() {
        long now = System.nanoTime();
        long longest = -1;
        for (int i = 0; i < runningSince.length(); i++) {
            long since = runningSince.get(i);
            if (since != 0) {
                longest = Math.max(longest, now - since);
            }
        }
        return longest < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(longest));
    }

    /** Fails every queued request, lets the batch in flight finish, and stops the worker. Idempotent. */
    @Override
    public void close() {
        List<Pending> abandoned;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = new ArrayList<>(queue);
            queue.clear();
            queuedTokens = 0;
            Arrays.fill(queuedPerLane, 0);
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        InferenceException closedException = closedException();
        for (Pending pending : abandoned) {
            pending.request.future.completeExceptionally(closedException);
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (Thread worker : workers) {
            if (Thread.currentThread() == worker) {
                continue;
            }
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private BatcherClosedException closedException() {
        return new BatcherClosedException("Model '" + name + "' was closed before the request ran.");
    }

    private void work(int index) {
        while (true) {
            List<Pending> batch;
            int queuedAfter;
            try {
                batch = nextBatch();
                queuedAfter = queuedSequences();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            try {
                runBatch(batch, queuedAfter, index);
            } catch (Throwable t) {
                // Never let one batch kill the worker: every later caller would hang.
                LOG.error("Model '{}': unexpected failure while completing a batch", name, t);
                InferenceException failure = new InferenceException("Model '" + name + "' failed: " + t, t);
                batch.forEach(p -> p.request.future.completeExceptionally(failure));
            }
        }
    }

    /** Blocks until a batch is due; {@code null} once closed. */
    private List<Pending> nextBatch() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                if (queue.isEmpty()) {
                    notEmpty.await();
                    continue;
                }
                long wait = policy.nanosUntilDue(queueView, System.nanoTime());
                if (wait > 0) {
                    notEmpty.awaitNanos(wait);
                    continue;
                }
                dropAbandoned();
                if (!queue.isEmpty()) {
                    int anchor = policy.anchor(queueView, turn);
                    // the other lane anchors the next batch (it is the oldest of all when that lane is empty)
                    turn = queue.get(anchor).lane == Lane.STREAM ? Lane.REQUEST : Lane.STREAM;
                    return takeBatch(policy.select(queueView, anchor));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sequences of requests that already failed or were cancelled would only waste model time. */
    private void dropAbandoned() {
        boolean removed = queue.removeIf(pending -> {
            if (pending.request.future.isDone()) {
                queuedTokens -= pending.encoding.length();
                queuedPerLane[pending.lane.ordinal()]--;
                return true;
            }
            return false;
        });
        if (removed) {
            notFull.signalAll();
        }
    }

    /** Removes the sequences at {@code positions} from the queue and returns them in that order. */
    private List<Pending> takeBatch(int[] positions) {
        List<Pending> batch = new ArrayList<>(positions.length);
        for (int position : positions) {
            Pending pending = queue.get(position);
            pending.taken = true;
            batch.add(pending);
            queuedTokens -= pending.encoding.length();
            queuedPerLane[pending.lane.ordinal()]--;
        }
        if (positions.length == 1 && positions[0] == 0) {
            queue.remove(0);
        } else {
            queue.removeIf(p -> p.taken);
        }
        notFull.signalAll();
        if (!queue.isEmpty()) {
            // what is left is another worker's next batch
            notEmpty.signal();
        }
        return batch;
    }

    /** The queue as {@link BatchPolicy} reads it; only read under {@link #lock}. */
    private final class QueueView implements BatchPolicy.QueueView {
        @Override
        public int size() {
            return queue.size();
        }

        @Override
        public int length(int position) {
            return queue.get(position).encoding.length();
        }

        @Override
        public Lane lane(int position) {
            return queue.get(position).lane;
        }

        @Override
        public long oldestArrivalNanos() {
            return queue.get(0).enqueuedNanos;
        }

        @Override
        public long tokens() {
            return queuedTokens;
        }
    }

    private void runBatch(List<Pending> batch, int queuedAfter, int worker) {
        int size = batch.size();
        List<Encoding> encodings = new ArrayList<>(size);
        long oldestArrival = Long.MAX_VALUE;
        long realTokens = 0;
        int longest = 0;
        for (Pending pending : batch) {
            encodings.add(pending.encoding);
            oldestArrival = Math.min(oldestArrival, pending.enqueuedNanos);
            realTokens += pending.encoding.length();
            longest = Math.max(longest, pending.encoding.length());
        }
        long start = System.nanoTime();
        for (Pending pending : batch) {
            pending.request.future.markStarted(start);
        }
        runningSince.set(worker, start == 0 ? 1 : start);
        List<SequenceOutputs> outputs = null;
        RuntimeException failure = null;
        try {
            outputs = runner.run(encodings);
            if (outputs.size() != size) {
                throw new InferenceException("Model '" + name + "' returned " + outputs.size()
                        + " results for a batch of " + size + " sequences.");
            }
        } catch (InferenceException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new InferenceException("Model '" + name + "' failed on a batch of " + size + " sequences: "
                    + e.getMessage(), e);
        }
        runningSince.set(worker, 0);
        long inferenceNanos = System.nanoTime() - start;
        notifyListener(new BatchListener.BatchStats(size, (long) size * longest, realTokens, start - oldestArrival,
                inferenceNanos, failure != null, queuedAfter));
        if (failure != null) {
            for (Pending pending : batch) {
                pending.request.future.completeExceptionally(failure);
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            Pending pending = batch.get(i);
            pending.request.deliver(pending.index, outputs.get(i));
        }
    }

    private void notifyListener(BatchListener.BatchStats stats) {
        try {
            listener.onBatch(stats);
        } catch (RuntimeException e) {
            LOG.warn("Model '{}': batch listener failed: {}", name, e.toString());
        }
    }

    /** One sequence of a request, waiting for a batch. */
    private static final class Pending {
        final Request<?, ?> request;
        final int index;
        final Encoding encoding;
        final Lane lane;
        final long enqueuedNanos;
        boolean taken;

        Pending(Request<?, ?> request, int index, Encoding encoding, Lane lane, long enqueuedNanos) {
            this.request = request;
            this.index = index;
            this.encoding = encoding;
            this.lane = lane;
            this.enqueuedNanos = enqueuedNanos;
        }
    }

    /** A caller's request: its sequences' outputs gather here until the last one arrives. */
    private final class Request<I, O> {
        final TaskHead<I, O> head;
        final I input;
        final List<Encoding> encodings;
        final SequenceOutputs[] outputs;
        final ModelCall<O> future = new ModelCall<>();
        /** Guarded by this request: its sequences may run on different workers. */
        int missing;

        Request(TaskHead<I, O> head, I input, List<Encoding> encodings) {
            this.head = head;
            this.input = input;
            this.encodings = encodings;
            this.outputs = new SequenceOutputs[encodings.size()];
            this.missing = encodings.size();
        }

        synchronized void deliver(int index, SequenceOutputs output) {
            if (future.isDone()) {
                return;
            }
            outputs[index] = output;
            if (--missing == 0) {
                decodeAndComplete();
            }
        }

        void decodeAndComplete() {
            try {
                future.complete(head.decode(input, encodings, Arrays.asList(outputs)));
            } catch (RuntimeException e) {
                future.completeExceptionally(new InferenceException("Model '" + name
                        + "' produced outputs its head could not decode: " + e.getMessage(), e));
            }
        }
    }
}
