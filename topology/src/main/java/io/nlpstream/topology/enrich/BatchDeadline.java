package io.nlpstream.topology.enrich;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * When a stream thread stops waiting for a submitted batch: a pure function of its calls' states and the clock.
 *
 * <p>A call that has started running has {@code timeout} from its start (a model call hung past it fails its event
 * with {@code MODEL_ERROR}). A call still queued behind other work is not late, only slow: it has
 * {@code queueTimeout} from the batch's submission to start, and past that the batch is handed back (the models are
 * too far behind for the thread to wait within its poll interval) instead of failing any event.
 *
 * @param timeout      how long a call may run, counted from its start
 * @param queueTimeout how long a call may wait to start, counted from the batch's submission
 */
public record BatchDeadline(Duration timeout, Duration queueTimeout) {

    /** One call of the batch as the policy reads it. */
    public record Call(boolean done, OptionalLong startedNanos) {
    }

    /** What the waiting thread does next. */
    public sealed interface Verdict {
        /**
         * Every call is done, or has run past {@code timeout} since it started: the caller fails those not done as
         * timed out (hung).
         */
        record Settled() implements Verdict {
        }

        /** Wait (for the calls, at most this long) and ask again. */
        record Wait(long nanos) implements Verdict {
        }

        /** A call has waited past {@code queueTimeout} without starting: hand the batch back. */
        record HandBack(long queuedNanos) implements Verdict {
        }
    }

    private static final Verdict SETTLED = new Verdict.Settled();

    /**
     * @param calls          the batch's calls
     * @param submittedNanos when the batch was submitted, on the {@link System#nanoTime()} clock
     * @param nowNanos       the current {@link System#nanoTime()}
     */
    public Verdict judge(List<Call> calls, long submittedNanos, long nowNanos) {
        long soonest = Long.MAX_VALUE;
        for (Call call : calls) {
            if (call.done()) {
                continue;
            }
            long deadline;
            if (call.startedNanos().isPresent()) {
                deadline = call.startedNanos().getAsLong() + timeout.toNanos();
            } else {
                deadline = submittedNanos + queueTimeout.toNanos();
                if (nowNanos - deadline >= 0) {
                    return new Verdict.HandBack(nowNanos - submittedNanos);
                }
            }
            if (deadline - nowNanos > 0) {
                soonest = Math.min(soonest, deadline - nowNanos);
            }
        }
        return soonest == Long.MAX_VALUE ? SETTLED : new Verdict.Wait(soonest);
    }
}
