package io.nlpstream.app.infer;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReporterTest {
    private final AtomicLong clock = new AtomicLong();
    private final StringWriter err = new StringWriter();

    private ProgressReporter reporter(boolean periodic) {
        return new ProgressReporter(new PrintWriter(err), periodic, clock::get, Duration.ofSeconds(5));
    }

    @Test
    void reportsTheRateEveryIntervalWhenAskedAndSummarisesAtTheEnd() {
        ProgressReporter progress = reporter(true);
        for (int i = 0; i < 1000; i++) {
            clock.addAndGet(10_000_000); // 10 ms a line: 100 lines/s
            progress.lineWritten(i % 100 == 0);
        }
        InferSummary summary = progress.finish();

        assertThat(err.toString().lines()).containsExactly(
                "infer: 500 lines (5 errors), 100 lines/s",
                "infer: 1000 lines (10 errors), 100 lines/s",
                "infer: 1000 lines (10 errors) in 10.0 s, 100 lines/s");
        assertThat(summary.lines()).isEqualTo(1000);
        assertThat(summary.errors()).isEqualTo(10);
    }

    @Test
    void staysQuietOnShortPipedInputsApartFromTheSummary() {
        ProgressReporter progress = reporter(false);
        for (int i = 0; i < 1000; i++) {
            clock.addAndGet(10_000_000);
            progress.lineWritten(false);
        }
        progress.finish();
        assertThat(err.toString().lines()).containsExactly("infer: 1000 lines (0 errors) in 10.0 s, 100 lines/s");
    }

    @Test
    void startsReportingOnceThePipedInputProvesLarge() {
        ProgressReporter progress = reporter(false);
        for (long i = 0; i < ProgressReporter.LARGE_INPUT_LINES + 10; i++) {
            clock.addAndGet(1_000_000);
            progress.lineWritten(false);
        }
        assertThat(err.toString().lines()).hasSize(1).first().asString().startsWith("infer: 100000 lines");
    }
}
