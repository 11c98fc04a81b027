package io.nlpstream.tools.bench;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * A contender that takes work in chunks (a peer's batch call): whole chunks until the slice is over. Each chunk is
 * completed work, counted when its call returns, so a slice never ends with work in flight.
 */
final class Timed<T> {
    private final List<T> items;
    private final int chunkSize;
    private final ToIntFunction<List<T>> run;
    private final LongSupplier clock;
    private int next;

    /** @param run processes one chunk and returns how many items it completed */
    Timed(List<T> items, int chunkSize, ToIntFunction<List<T>> run) {
        this(items, chunkSize, run, System::nanoTime);
    }

    Timed(List<T> items, int chunkSize, ToIntFunction<List<T>> run, LongSupplier clock) {
        if (items.isEmpty() || chunkSize < 1) {
            throw new IllegalArgumentException("chunks need items and a positive size");
        }
        this.items = items;
        this.chunkSize = chunkSize;
        this.run = run;
        this.clock = clock;
    }

    Rate run(Slice slice) {
        long done = 0;
        long start = clock.getAsLong();
        long elapsed;
        do {
            int from = next % items.size();
            List<T> chunk = items.subList(from, Math.min(items.size(), from + chunkSize));
            done += run.applyAsInt(chunk);
            next = from + chunk.size();
            elapsed = clock.getAsLong() - start;
        } while (!slice.isOver(done, elapsed));
        return slice.rate(done, elapsed);
    }
}
