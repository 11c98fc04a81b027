package io.nlpstream.app.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nlpstream.app.config.ApiAdmissionProperties;
import io.nlpstream.app.config.ConfigValues;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Whether the HTTP API takes a request now: at most {@code maxItems} inputs per request and {@code maxConcurrent}
 * requests being answered at once, for the whole instance (per-client limits are not this class's business). A
 * refused request takes nothing from the models; an admitted one holds a {@link Permit} until its answer is written.
 */
@Singleton
final class RequestAdmission {
    private final int maxItems;
    private final int maxConcurrent;
    private final Duration retryAfter;
    private final Semaphore inFlight;

    /** The answer to one request. */
    sealed interface Verdict {
        /** Go ahead; {@link Permit#close()} once answered. */
        record Admitted(Permit permit) implements Verdict {
        }

        /** More inputs than one request may carry: 413. */
        record TooLarge(int items, int maxItems) implements Verdict {
        }

        /** Too many requests being answered: 429, retry after {@code retryAfter}. */
        record Busy(int maxConcurrent, Duration retryAfter) implements Verdict {
        }
    }

    /** A concurrent-request slot; closing it more than once frees it once. */
    static final class Permit implements AutoCloseable {
        private final Semaphore owner;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                owner.release();
            }
        }
    }

    @Inject
    RequestAdmission(ApiAdmissionProperties properties) {
        this(ConfigValues.atLeast("api.admission.max-items-per-request", properties.getMaxItemsPerRequest(), 1),
                ConfigValues.atLeast("api.admission.max-concurrent-requests", properties.getMaxConcurrentRequests(),
                        1),
                properties.getRetryAfter());
    }

    RequestAdmission(int maxItems, int maxConcurrent, Duration retryAfter) {
        this.maxItems = maxItems;
        this.maxConcurrent = maxConcurrent;
        this.retryAfter = retryAfter;
        this.inFlight = new Semaphore(maxConcurrent);
    }

    Verdict admit(int items) {
        if (items > maxItems) {
            return new Verdict.TooLarge(items, maxItems);
        }
        if (!inFlight.tryAcquire()) {
            return new Verdict.Busy(maxConcurrent, retryAfter);
        }
        return new Verdict.Admitted(new Permit(inFlight));
    }

    /** What a refused client is told to wait, in whole seconds (at least 1), for {@code Retry-After}. */
    String retryAfterSeconds() {
        return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
