package io.nlpstream.app.bench;

import java.util.List;
import java.util.function.ToIntFunction;

/** Times a peer that takes work in chunks: warm-up first, then whole chunks until the measuring time is up. */
final class Timed {
    private Timed() {
    }

    /** @param run processes one chunk and returns how many items it completed */
    static <T> Rate chunks(BenchPlan plan, List<T> items, int chunkSize, ToIntFunction<List<T>> run) {
        int next = 0;
        long warmUpEnd = System.nanoTime() + plan.warmUp().toNanos();
        do {
            next = runChunk(items, next, chunkSize, run).next();
        } while (System.nanoTime() < warmUpEnd);
        long done = 0;
        long budget = plan.throughputRun().toNanos();
        long start = System.nanoTime();
        long elapsed;
        do {
            Chunk chunk = runChunk(items, next, chunkSize, run);
            done += chunk.completed();
            next = chunk.next();
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return Rate.ofNanos(done, elapsed);
    }

    private record Chunk(int completed, int next) {
    }

    private static <T> Chunk runChunk(List<T> items, int from, int chunkSize, ToIntFunction<List<T>> run) {
        int start = from % items.size();
        List<T> chunk = items.subList(start, Math.min(items.size(), start + chunkSize));
        return new Chunk(run.applyAsInt(chunk), start + chunk.size());
    }
}
