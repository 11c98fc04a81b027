package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class InferRunnerTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduledExecutorService model = Executors.newScheduledThreadPool(4);
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stopModel() {
        model.shutdownNow();
    }

    /**
     * Upper-cases {@code text}, completing each request after a random delay so results arrive out of order, and
     * tracks how many lines are submitted but not yet written.
     */
    private final class ShuffledUpperCase implements LineInference<String> {
        final AtomicLong outstanding = new AtomicLong();
        final AtomicLong maxOutstanding = new AtomicLong();

        @Override
        public CompletableFuture<String> submit(JsonNode line) throws InvalidLineException {
            String text = InputLines.requireString(line, "text");
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            CompletableFuture<String> result = new CompletableFuture<>();
            model.schedule(() -> {
                if (text.equals("boom")) {
                    result.completeExceptionally(new IllegalStateException("ONNX session failed"));
                } else {
                    result.complete(text.toUpperCase());
                }
            }, ThreadLocalRandom.current().nextInt(200), TimeUnit.MICROSECONDS);
            return result;
        }

        @Override
        public void write(String result, JsonGenerator out) throws IOException {
            outstanding.decrementAndGet();
            if (result.equals("HALF")) {
                out.writeStartObject();
                out.writeStringField("partial", "yes");
                throw new IllegalStateException("cannot render HALF");
            }
            out.writeStartObject();
            out.writeStringField("upper", result);
            out.writeEndObject();
        }
    }

    private InferSummary run(String input, Writer out, LineInference<?> inference, int window) throws Exception {
        return run(input, out, inference, window, 1);
    }

    private InferSummary run(String input, Writer out, LineInference<?> inference, int window, int encodeThreads)
            throws Exception {
        ProgressReporter progress = new ProgressReporter(new PrintWriter(err), false, System::nanoTime,
                Duration.ofSeconds(5));
        return new InferRunner(mapper, window, encodeThreads).run(new BufferedReader(new StringReader(input)), out, inference,
                progress);
    }

    @ParameterizedTest(name = "{0} encode threads")
    @ValueSource(ints = {1, 3})
    void writesOneLinePerInputLineInInputOrderWithinTheWindow(int encodeThreads) throws Exception {
        int lines = 20_000;
        int window = 64;
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            input.append("{\"text\": \"line ").append(i).append("\"}\n");
        }
        ShuffledUpperCase inference = new ShuffledUpperCase();
        StringWriter out = new StringWriter();

        InferSummary summary = run(input.toString(), out, inference, window, encodeThreads);

        List<String> written = out.toString().lines().toList();
        assertThat(written).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            assertThat(written.get(i)).isEqualTo("{\"upper\":\"LINE " + i + "\"}");
        }
        assertThat(inference.maxOutstanding.get()).isLessThanOrEqualTo(window);
        assertThat(summary.lines()).isEqualTo(lines);
        assertThat(summary.errors()).isZero();
        assertThat(err.toString()).startsWith("infer: 20000 lines (0 errors) in ");
    }

    @Test
    void badLinesAndFailedRequestsBecomeErrorObjectsOnTheirOwnLines() throws Exception {
        String input = String.join("\n",
                "{\"text\": \"ok\"}",
                "not json",
                "",
                "{\"text\": 7}",
                "{\"other\": \"x\"}",
                "[\"text\"]",
                "{\"text\": \"boom\"}",
                "{\"text\": \"half\"}",
                "{\"text\": \"last\"}") + "\n";
        StringWriter out = new StringWriter();

        InferSummary summary = run(input, out, new ShuffledUpperCase(), 4, 2);

        List<String> written = out.toString().lines().toList();
        assertThat(written).hasSize(9);
        assertThat(written.get(0)).isEqualTo("{\"upper\":\"OK\"}");
        assertThat(written.get(1)).startsWith("{\"error\":\"not valid JSON: ").endsWith("\"line\":2}");
        assertThat(written.get(2)).isEqualTo("{\"error\":\"empty line\",\"line\":3}");
        assertThat(written.get(3)).isEqualTo("{\"error\":\"field 'text' must be a string, got number\",\"line\":4}");
        assertThat(written.get(4)).isEqualTo("{\"error\":\"missing field 'text'\",\"line\":5}");
        assertThat(written.get(5)).isEqualTo("{\"error\":\"expected a JSON object, got array\",\"line\":6}");
        assertThat(written.get(6)).isEqualTo("{\"error\":\"model error: ONNX session failed\",\"line\":7}");
        assertThat(written.get(7)).isEqualTo("{\"error\":\"cannot write result: cannot render HALF\",\"line\":8}");
        assertThat(written.get(8)).isEqualTo("{\"upper\":\"LAST\"}");
        for (String line : written) {
            assertThat(mapper.readTree(line).isObject()).as(line).isTrue();
        }
        assertThat(summary.errors()).isEqualTo(7);
    }

    @Test
    void aRequestRefusedSynchronouslyFailsOnlyItsLine() throws Exception {
        LineInference<String> refusesOdd = new LineInference<>() {
            private int calls;

            @Override
            public CompletableFuture<String> submit(JsonNode line) {
                if (calls++ % 2 == 1) {
                    throw new IllegalStateException("batcher closed");
                }
                return CompletableFuture.completedFuture(line.get("text").asText());
            }

            @Override
            public void write(String result, JsonGenerator out) throws IOException {
                out.writeString(result);
            }
        };
        StringWriter out = new StringWriter();

        run("{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n", out, refusesOdd, 2);

        assertThat(out.toString().lines()).containsExactly(
                "\"a\"", "{\"error\":\"model error: batcher closed\",\"line\":2}", "\"c\"");
    }

    @Test
    void aFailingOutputStopsTheRunWithItsIOException() {
        AtomicInteger writes = new AtomicInteger();
        Writer brokenPipe = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                if (writes.incrementAndGet() > 100) {
                    throw new IOException("Broken pipe");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        String input = "{\"text\": \"x\"}\n".repeat(50_000);

        assertThatThrownBy(() -> run(input, brokenPipe, new ShuffledUpperCase(), 16))
                .isInstanceOf(IOException.class).hasMessage("Broken pipe");
    }

    @Test
    void aFailingIdleFlushStopsTheRunWithItsIOException() {
        // The input holds back everything after line 1 until the writer, idle, has tried to flush: the flush
        // fails while the reader still has many more lines than the window to submit.
        CountDownLatch flushed = new CountDownLatch(1);
        Writer unflushable = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
            }

            @Override
            public void flush() throws IOException {
                flushed.countDown();
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
            }
        };
        Reader stalling = new Reader() {
            private final StringReader first = new StringReader("{\"text\": \"first\"}\n");
            private final StringReader rest = new StringReader("{\"text\": \"x\"}\n".repeat(1_000));

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                int n = first.read(buf, off, len);
                if (n > 0) {
                    return n;
                }
                try {
                    flushed.await();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                return rest.read(buf, off, len);
            }

            @Override
            public void close() {
            }
        };
        ProgressReporter progress = new ProgressReporter(new PrintWriter(err), false, System::nanoTime,
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> new InferRunner(mapper, 2, 1).run(new BufferedReader(stalling, 16), unflushable,
                new ShuffledUpperCase(), progress))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");
    }

    @Test
    void aFailingInputEndsTheRunAfterWritingWhatWasRead() {
        Reader failing = new Reader() {
            private final StringReader first = new StringReader("{\"text\": \"a\"}\n{\"text\": \"b\"}\n");

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                int n = first.read(buf, off, len);
                if (n < 0) {
                    throw new IOException("disk gone");
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        StringWriter out = new StringWriter();
        ProgressReporter progress = new ProgressReporter(new PrintWriter(err), false, System::nanoTime,
                Duration.ofSeconds(5));

        assertThatThrownBy(() -> new InferRunner(mapper, 8, 1).run(new BufferedReader(failing), out,
                new ShuffledUpperCase(), progress)).hasMessage("disk gone");
        assertThat(out.toString().lines()).containsExactly("{\"upper\":\"A\"}", "{\"upper\":\"B\"}");
    }
}
