package io.nlpstream.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.nlpstream.app.NlpStreamCli;
import org.junit.jupiter.api.Test;

/** Typos on the command line exit non-zero with the closest valid name, even next to --help. */
class UsageErrorsTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = NlpStreamCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void anUnknownCommandWithHelpIsAnErrorNamingTheClosestCommand() {
        Result r = run("replya", "--help");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.out).isEmpty();
        assertThat(r.err.strip()).isEqualTo("nlp-stream: unknown command 'replya' for 'nlp-stream'; the closest is "
                + "'replay' ('nlp-stream --help' lists them).");
    }

    @Test
    void anUnknownOptionNamesTheClosestOption() {
        Result r = run("run", "--confg", "x.yml");

        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err.strip()).isEqualTo("nlp-stream: unknown option '--confg' for 'nlp-stream run'; the closest "
                + "is '--config' ('nlp-stream run --help' lists them).");
    }

    @Test
    void helpAloneStillSucceeds() {
        Result r = run("run", "--help");

        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--config");
    }
}
