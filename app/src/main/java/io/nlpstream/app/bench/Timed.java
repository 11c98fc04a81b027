package io.nlpstream.app.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;

/** A contender that takes work in chunks (a peer's batch call): whole chunks until the slice is up. */
final class Timed<T> {
    private final List<T> items;
    private final int chunkSize;
    private final ToIntFunction<List<T>> run;
    private int next;

    /** @param run processes one chunk and returns how many items it completed */
    Timed(List<T> items, int chunkSize, ToIntFunction<List<T>> run) {
        this.items = items;
        this.chunkSize = chunkSize;
        this.run = run;
    }

    Rate runFor(Duration duration) {
        long budget = duration.toNanos();
        long done = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            int from = next % items.size();
            List<T> chunk = items.subList(from, Math.min(items.size(), from + chunkSize));
            done += run.applyAsInt(chunk);
            next = from + chunk.size();
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return Rate.ofNanos(done, elapsed);
    }
}
