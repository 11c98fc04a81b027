package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Streams JSONL through a {@link LineInference}: one output line per input line, in input order, in constant
 * memory.
 *
 * <p>The calling thread reads and submits; a writer thread waits for results in submission order and writes them.
 * At most {@code maxInFlight} lines are between submission and output at any time (a semaphore the reader takes
 * and the writer gives back), which bounds memory on inputs of any size while keeping enough requests outstanding
 * for the model's batcher to fill its batches. The model encodes (tokenizes) a request on the submitting thread, so
 * with {@code encodeThreads > 1} parsing and submission move to that many threads, while slots still queue in
 * reading order. A line that cannot be read, or whose request fails, becomes
 * {@code {"error": "...", "line": N}} (N counts from 1); only I/O failures of the input or output end the run.
 */
final class InferRunner {
    private static final long IDLE_FLUSH_MILLIS = 50;

    private final InputLines inputs;
    private final JsonFactory json;
    private final int maxInFlight;
    private final int encodeThreads;

    InferRunner(ObjectMapper mapper, int maxInFlight, int encodeThreads) {
        if (maxInFlight < 1 || encodeThreads < 1) {
            throw new IllegalArgumentException("maxInFlight and encodeThreads must be >= 1, got " + maxInFlight
                    + " and " + encodeThreads);
        }
        this.inputs = new InputLines(mapper);
        this.json = mapper.getFactory();
        this.maxInFlight = maxInFlight;
        this.encodeThreads = encodeThreads;
    }

    /**
     * Runs to the end of {@code in}; flushes but does not close {@code out}.
     *
     * @throws IOException reading the input or writing the output failed
     */
    <R> InferSummary run(BufferedReader in, Writer out, LineInference<R> inference, ProgressReporter progress)
            throws IOException, InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        BlockingQueue<Slot<R>> queue = new LinkedBlockingQueue<>();
        OrderedWriter<R> writer = new OrderedWriter<>(queue, inFlight, out, inference, progress);
        Thread writerThread = new Thread(writer, "infer-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        ExecutorService encoders = encodeThreads > 1 ? Executors.newFixedThreadPool(encodeThreads, daemon()) : null;
        try {
            long lineNumber = 0;
            String line;
            while (writer.failure == null && (line = in.readLine()) != null) {
                lineNumber++;
                inFlight.acquire();
                String read = line;
                CompletableFuture<R> result = encoders == null
                        ? submit(read, inference)
                        : CompletableFuture.supplyAsync(() -> submit(read, inference), encoders)
                                .thenCompose(Function.identity());
                queue.add(new Slot<>(lineNumber, result));
            }
        } finally {
            queue.add(Slot.end());
            writerThread.join();
            if (encoders != null) {
                encoders.shutdown();
            }
        }
        if (writer.failure != null) {
            throw writer.failure;
        }
        return progress.finish();
    }

    private static ThreadFactory daemon() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "infer-encoder-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private <R> CompletableFuture<R> submit(String line, LineInference<R> inference) {
        try {
            return inference.submit(inputs.parseObject(line));
        } catch (InvalidLineException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            // The model refused the request synchronously (closed, over capacity, bad input for the head):
            // that line fails, the run goes on.
            return CompletableFuture.failedFuture(e);
        }
    }

    private record Slot<R>(long line, CompletableFuture<R> result) {
        private static final Slot<?> END = new Slot<>(-1, null);

        @SuppressWarnings("unchecked")
        static <R> Slot<R> end() {
            return (Slot<R>) END;
        }
    }

    /** Takes slots in submission order, waits for each result, writes it; gives the in-flight permit back. */
    private final class OrderedWriter<R> implements Runnable {
        private final BlockingQueue<Slot<R>> queue;
        private final Semaphore inFlight;
        private final Writer out;
        private final LineInference<R> inference;
        private final ProgressReporter progress;
        // One line is rendered here first, so a result that fails half-way through becomes an error line
        // instead of a broken one.
        private final CharArrayWriter lineBuffer = new CharArrayWriter(256);
        private volatile IOException failure;

        OrderedWriter(BlockingQueue<Slot<R>> queue, Semaphore inFlight, Writer out, LineInference<R> inference,
                      ProgressReporter progress) {
            this.queue = queue;
            this.inFlight = inFlight;
            this.out = out;
            this.inference = inference;
            this.progress = progress;
        }

        @Override
        public void run() {
            try {
                for (Slot<R> slot = next(); slot != Slot.<R>end(); slot = next()) {
                    if (failure == null) {
                        writeLine(slot);
                    }
                    inFlight.release();
                }
                flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new InterruptedIOException("interrupted while writing output");
                // Nobody gives permits back any more: make sure the reader cannot wait for one.
                inFlight.release(maxInFlight);
            }
        }

        /** The next slot; flushes the output first when nothing has been ready for a moment. */
        private Slot<R> next() throws InterruptedException {
            Slot<R> slot = queue.poll(IDLE_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            if (slot == null) {
                flush();
                slot = queue.take();
            }
            return slot;
        }

        /** After a failure the writer only drains (and gives permits back), so the reader never blocks on it. */
        private void flush() {
            if (failure == null) {
                try {
                    out.flush();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }

        private void writeLine(Slot<R> slot) {
            boolean error = false;
            try {
                render(slot);
            } catch (CompletionException | CancellationException | RenderException e) {
                error = true;
                renderError(slot.line(), e);
            }
            try {
                lineBuffer.writeTo(out);
                out.write('\n');
            } catch (IOException e) {
                failure = e;
                return;
            }
            progress.lineWritten(error);
        }

        private void render(Slot<R> slot) {
            R result = slot.result().join();
            lineBuffer.reset();
            try (JsonGenerator generator = json.createGenerator(lineBuffer)) {
                inference.write(result, generator);
            } catch (IOException | RuntimeException e) {
                throw new RenderException(e);
            }
        }

        private void renderError(long line, RuntimeException e) {
            lineBuffer.reset();
            try (JsonGenerator generator = json.createGenerator(lineBuffer)) {
                generator.writeStartObject();
                generator.writeStringField("error", errorMessage(e));
                generator.writeNumberField("line", line);
                generator.writeEndObject();
            } catch (IOException impossible) {
                throw new UncheckedIOException("writing to memory failed", impossible);
            }
        }
    }

    /** A result that could not be written as JSON; its line becomes an error line. */
    private static final class RenderException extends RuntimeException {
        RenderException(Throwable cause) {
            super(cause);
        }
    }

    static String errorMessage(Throwable e) {
        if (e instanceof RenderException && e.getCause() != null) {
            return "cannot write result: " + messageOf(e.getCause());
        }
        Throwable cause = e;
        while ((cause instanceof CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidLineException) {
            return cause.getMessage();
        }
        if (cause instanceof CancellationException) {
            return "model error: request cancelled";
        }
        return "model error: " + messageOf(cause);
    }

    private static String messageOf(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
