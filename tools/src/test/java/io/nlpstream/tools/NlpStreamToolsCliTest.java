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
}
