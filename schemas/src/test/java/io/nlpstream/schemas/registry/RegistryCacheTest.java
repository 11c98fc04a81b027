package io.nlpstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryCacheTest {
    private static final Duration FOREVER = Duration.ofNanos(-1);

    @Test
    void aCachedAnswerIsNotLoadedAgain() {
        RegistryCache<Integer, String> cache = new RegistryCache<>(10, FOREVER);
        AtomicInteger loads = new AtomicInteger();

        assertThat(cache.get(1, id -> "schema " + id + " #" + loads.incrementAndGet())).isEqualTo("schema 1 #1");
        assertThat(cache.get(1, id -> "schema " + id + " #" + loads.incrementAndGet())).isEqualTo("schema 1 #1");

        assertThat(loads).hasValue(1);
    }

    @Test
    void manyThreadsAskingForOneKeyShareOneLoad() throws Exception {
        RegistryCache<Integer, String> cache = new RegistryCache<>(10, FOREVER);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int threads = 16;
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread worker = new Thread(task);
            workers.add(worker);
            return worker;
        });
        try {
            List<Future<String>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> cache.get(7, id -> {
                loads.incrementAndGet();
                loading.countDown();
                await(release);
                return "seven";
            })));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 1; i < threads; i++) {
                answers.add(pool.submit(() -> cache.get(7, id -> "loaded again #" + loads.incrementAndGet())));
            }
            // Release the load only once every caller waits: then none can have arrived after it finished.
            Parked.await(workers, threads);
            release.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("seven");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedLoadFailsItsWaitersAndIsNotCached() throws Exception {
        RegistryCache<Integer, String> cache = new RegistryCache<>(10, FOREVER);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> cache.get(7, id -> {
                loading.countDown();
                await(release);
                throw new RegistryUnavailableException("registry down", 503, null);
            }));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> waiter = pool.submit(() -> cache.get(7, id -> "unexpected second load"));
            release.countDown();

            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RegistryUnavailableException.class);
            // The waiter either shared the failed load or, arriving after it, loaded anew: never a stale failure.
            try {
                assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("unexpected second load");
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e).hasCauseInstanceOf(RegistryUnavailableException.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.get(7, id -> "recovered")).isIn("recovered", "unexpected second load");
    }

    @Test
    void theCapacityBoundsTheEntries() {
        RegistryCache<Integer, String> cache = new RegistryCache<>(3, FOREVER);

        for (int i = 0; i < 100; i++) {
            cache.get(i, id -> "schema " + id);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aZeroTimeToLiveLoadsEveryTime() {
        RegistryCache<String, Integer> cache = new RegistryCache<>(10, Duration.ZERO);
        AtomicInteger loads = new AtomicInteger();

        cache.get("subject", s -> loads.incrementAndGet());
        cache.get("subject", s -> loads.incrementAndGet());

        assertThat(loads).hasValue(2);
    }

    @Test
    void putAnswersLaterGets() {
        RegistryCache<Integer, String> cache = new RegistryCache<>(10, FOREVER);

        cache.put(3, "three");

        assertThat(cache.get(3, id -> "loaded")).isEqualTo("three");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
