package io.nlpstream.topology.enrich;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for model futures on a stream thread without ever blocking past a deadline: the caller then inspects
 * each future and treats those not done as timed out.
 */
public final class BoundedWait {
    private BoundedWait() {
    }

    /**
     * Waits until every future is done or {@code timeout} has passed, whichever is first.
     *
     * @return whether every future is done
     */
    public static boolean awaitAll(Collection<? extends CompletableFuture<?>> futures, Duration timeout) {
        if (futures.isEmpty()) {
            return true;
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            // Shutting down: report what is done; the rest is treated as timed out by the caller.
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true; // every future is done, some failed: the caller reads each one
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** The failure of a future that completed exceptionally (its cause, unwrapped). */
    public static Throwable failure(CompletableFuture<?> future) {
        try {
            future.join();
            throw new IllegalStateException("future completed normally");
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }
}
