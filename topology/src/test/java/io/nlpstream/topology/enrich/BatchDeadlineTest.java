package io.nlpstream.topology.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The wait policy alone: calls' states and a clock in, a decision out. No threads. */
class BatchDeadlineTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long SUBMITTED = 100 * SECOND;
    private final BatchDeadline deadline = new BatchDeadline(Duration.ofSeconds(30), Duration.ofSeconds(60));

    private static BatchDeadline.Call queued() {
        return new BatchDeadline.Call(false, OptionalLong.empty());
    }

    private static BatchDeadline.Call running(long since) {
        return new BatchDeadline.Call(false, OptionalLong.of(since));
    }

    private static BatchDeadline.Call done() {
        return new BatchDeadline.Call(true, OptionalLong.of(SUBMITTED));
    }

    @Test
    void aBatchWhoseCallsAreAllDoneIsSettled() {
        assertThat(deadline.judge(List.of(done(), done()), SUBMITTED, SUBMITTED + SECOND))
                .isInstanceOf(BatchDeadline.Verdict.Settled.class);
    }

    @Test
    void theRunTimeoutCountsFromTheStartNotFromTheSubmission() {
        // queued 50 s (past the 30 s run timeout), then started 10 s ago: 20 s left
        long now = SUBMITTED + 60 * SECOND;
        BatchDeadline.Verdict verdict = deadline.judge(List.of(running(now - 10 * SECOND)), SUBMITTED, now);

        assertThat(verdict).isEqualTo(new BatchDeadline.Verdict.Wait(20 * SECOND));
    }

    @Test
    void aCallRunningPastTheTimeoutIsTimedOutAndTheBatchSettles() {
        long now = SUBMITTED + 31 * SECOND;
        BatchDeadline.Call hung = running(SUBMITTED);

        assertThat(deadline.judge(List.of(hung, done()), SUBMITTED, now))
                .isInstanceOf(BatchDeadline.Verdict.Settled.class);
    }

    @Test
    void aQueuedCallWaitsUntilTheQueueTimeoutWithoutFailing() {
        long now = SUBMITTED + 45 * SECOND;

        assertThat(deadline.judge(List.of(queued()), SUBMITTED, now))
                .isEqualTo(new BatchDeadline.Verdict.Wait(15 * SECOND));
    }

    @Test
    void aCallNotStartedWithinTheQueueTimeoutHandsTheBatchBack() {
        long now = SUBMITTED + 60 * SECOND;

        assertThat(deadline.judge(List.of(done(), queued()), SUBMITTED, now))
                .isEqualTo(new BatchDeadline.Verdict.HandBack(60 * SECOND));
    }

    @Test
    void theWaitIsUntilTheSoonestDeadlineAmongTheCallsNotDone() {
        long now = SUBMITTED + 10 * SECOND;
        BatchDeadline.Verdict verdict = deadline.judge(
                List.of(queued(), running(SUBMITTED + 5 * SECOND), done()), SUBMITTED, now);

        assertThat(verdict).isEqualTo(new BatchDeadline.Verdict.Wait(25 * SECOND));
    }

    @Test
    void aHungCallDoesNotHideAnotherThatIsStillRunning() {
        long now = SUBMITTED + 40 * SECOND;
        BatchDeadline.Verdict verdict = deadline.judge(
                List.of(running(SUBMITTED), running(SUBMITTED + 20 * SECOND)), SUBMITTED, now);

        assertThat(verdict).isEqualTo(new BatchDeadline.Verdict.Wait(10 * SECOND));
    }
}
