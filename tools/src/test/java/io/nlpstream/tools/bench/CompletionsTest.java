package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CompletionsTest {
    private final long[] now = {0};

    @Test
    void theSliceEndsWithTheCompletionThatReachesItsMinimum() throws Exception {
        Completions completions = new Completions(() -> now[0]);
        now[0] = 5_000_000_000L;
        for (int i = 0; i < 64; i++) {
            completions.complete();
        }
        Rate rate = completions.await(new Slice(Duration.ofSeconds(1), 64, Duration.ofHours(1)));
        assertThat(rate.items()).isEqualTo(64);
        assertThat(rate.perSecond()).isEqualTo(64 / 5.0);
    }

    @Test
    @Timeout(60)
    void aWaitingSliceWakesOnCompletionsFromOtherThreads() throws Exception {
        Completions completions = new Completions(System::nanoTime);
        ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 10; i++) {
                workers.schedule(completions::complete, 5L * i, TimeUnit.MILLISECONDS);
            }
            Rate rate = completions.await(new Slice(Duration.ZERO, 10, Duration.ofSeconds(50)));
            assertThat(rate.isMeasured()).isTrue();
            assertThat(rate.items()).isEqualTo(10);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void nothingCompletingEndsTheSliceAtItsLimitAsNoMeasurement() throws Exception {
        Rate rate = new Completions(System::nanoTime).await(new Slice(Duration.ZERO, 1, Duration.ofMillis(50)));
        assertThat(rate.isMeasured()).isFalse();
        assertThat(rate.describe()).isEqualTo("n/a: fewer than 1 completed");
    }
}
