package io.nlpstream.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.nlpstream.app.NlpStreamCli;
import org.junit.jupiter.api.Test;

/** The tools jar runs every command: the service jar's own and the tools'. */
class NlpStreamToolsCliTest {
    @Test
    void theToolsJarHasTheServiceCommandsAndItsOwn() {
        assertThat(NlpStreamCli.commandLine().getSubcommands().keySet()).containsExactly("run", "infer", "replay");
        assertThat(NlpStreamToolsCli.commandLine().getSubcommands().keySet())
                .containsExactly("run", "infer", "replay", "demo", "bench", "models");
    }

    @Test
    void theToolsCommandsAreStrictToo() {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = NlpStreamToolsCli.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute("demo", "--event", "5");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("nlp-stream: unknown option '--event' for 'nlp-stream demo'; "
                + "the closest is '--events' ('nlp-stream demo --help' lists them).");

        err.getBuffer().setLength(0);
        exit = NlpStreamToolsCli.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("dmeo");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown command 'dmeo' for 'nlp-stream'; the closest is 'demo'");
    }
}
