package io.nlpstream.tools.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples the heap in use while the Kafka paths run, to show that input arriving faster than inference does not
 * grow memory: the micro-batch buffer, the batcher's bounded queue and the consumer's fetch limits hold it.
 */
final class HeapWatch implements AutoCloseable {
    private static final long INTERVAL_MS = 100;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile long peakBytes;
    private volatile boolean closed;

    HeapWatch() {
        sampler = new Thread(this::sample, "bench-heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!closed) {
            peakBytes = Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long peakBytes() {
        return Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
