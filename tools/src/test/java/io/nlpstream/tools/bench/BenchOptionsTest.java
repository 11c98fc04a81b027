package io.nlpstream.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.nlpstream.tools.NlpStreamToolsCli;
import io.nlpstream.models.batch.BatcherSettings;
import io.nlpstream.models.runtime.SessionSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench}'s options, parsed but not run. */
class BenchOptionsTest {

    private static BenchCommand parse(String... args) {
        BenchCommand command = new BenchCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutOptionsItIsTheFullPlanWithTheServiceDefaults() {
        BenchCommand command = parse();
        assertThat(command.plan()).isEqualTo(BenchPlan.full());
        assertThat(command.tuning()).isEqualTo(BenchTuning.DEFAULTS);
        assertThat(command.json).isNull();
        assertThat(command.plot).isNull();
        assertThat(command.classifier).isEqualTo("demo-sentiment");
    }

    @Test
    void quickJsonAndPlot() {
        BenchCommand command = parse("--quick", "--json", "out/b.json", "--plot", "out/b.png");
        assertThat(command.plan()).isEqualTo(BenchPlan.quick());
        assertThat(command.json).isEqualTo(Path.of("out/b.json"));
        assertThat(command.plot).isEqualTo(Path.of("out/b.png"));
    }

    @Test
    void tuningOptionsReachTheSettings() {
        BenchTuning tuning = parse("--allow-spinning", "--intra-op-threads", "0", "--workers", "1",
                "--max-batch-size", "16", "--max-batch-tokens", "2048", "--max-wait", "2",
                "--min-padding-efficiency", "0", "--partitions", "4", "--stream-threads", "2", "--micro-batch", "64")
                .tuning();
        assertThat(tuning.session()).isEqualTo(SessionSettings.DEFAULTS.withIntraOpThreads(0).withAllowSpinning(true));
        assertThat(tuning.batcher()).isEqualTo(new BatcherSettings(16, 2048, Duration.ofMillis(2),
                BatcherSettings.DEFAULTS.queueCapacity(), 0.0, 1));
        assertThat(tuning.kafkaPath().partitions()).isEqualTo(4);
        assertThat(tuning.kafkaPath().streamThreads()).isEqualTo(2);
        assertThat(tuning.kafkaPath().microBatchSize()).isEqualTo(64);
    }

    @Test
    void theProviderAndTheMicroBatchWaitReachOurPath() {
        BenchTuning tuning = parse("--provider", "cuda", "--device-id", "1", "--micro-batch-wait", "200").tuning();
        assertThat(tuning.session().provider()).isEqualTo(io.nlpstream.models.runtime.ExecutionProvider.CUDA);
        assertThat(tuning.session().deviceId()).isEqualTo(1);
        assertThat(tuning.kafkaPath().microBatchWait()).isEqualTo(Duration.ofMillis(200));
        assertThat(run("bench", "--provider", "tpu")).contains("'tpu' is not one of [cpu, cuda]");
    }

    @Test
    void batchSizesAndTimeScaleShapeThePlan() {
        BenchPlan plan = parse("--quick", "--batch-sizes", "1,4,16", "--time-scale", "0.5").plan();
        assertThat(plan.batchSizes()).containsExactly(1, 4, 16);
        assertThat(plan.ceilingPoint()).isEqualTo(BenchPlan.quick().ceilingPoint().dividedBy(2));
        assertThat(plan.backlogEvents()).isEqualTo(BenchPlan.quick().backlogEvents() / 2);
    }

    @Test
    void badValuesAreArgumentErrorsNamingTheProblem() {
        assertThat(run("bench", "--min-padding-efficiency", "1.5"))
                .contains("Invalid setting").contains("padding efficiency");
        assertThat(run("bench", "--batch-sizes", "0,4")).contains("Invalid plan").contains("batch sizes");
        assertThat(run("bench", "--stream-threads", "0")).contains("Invalid setting");
    }

    @Test
    void theCliListsBench() {
        StringWriter out = new StringWriter();
        CommandLine cli = NlpStreamToolsCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.execute("--help");
        assertThat(out.toString()).contains("bench");
        assertThat(cli.getSubcommands()).containsKey("bench");
    }

    /** Runs the CLI and returns stderr; exits 2 on argument errors before anything is measured. */
    private static String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = NlpStreamToolsCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        assertThat(exit).isEqualTo(2);
        return err.toString();
    }

    @Test
    void latencyIsMeasuredAtHalfAndNinetyPercentOfTheMaximum() {
        assertThat(BenchPlan.LATENCY_LOADS).isEqualTo(List.of(0.5, 0.9));
    }
}
