package io.nlpstream.tools;

import io.nlpstream.app.NlpStreamCli;
import io.nlpstream.tools.bench.BenchCommand;
import io.nlpstream.tools.demo.DemoCommand;
import io.nlpstream.tools.models.ModelsCommand;
import picocli.CommandLine;

/**
 * The tools jar's entry point ({@code nlp-stream-tools.jar}, what {@code bin/nlp-stream} runs): the service jar's
 * command tree ({@code run}, {@code infer}) plus the commands that need what the service jar leaves out:
 * {@code demo} (embedded Kafka and Schema Registry), {@code bench} (DJL and LangChain4j peers) and {@code models}
 * (the built-in models).
 */
public final class NlpStreamToolsCli {
    private NlpStreamToolsCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Every command, for tests and callers that execute it without exiting the JVM. */
    public static CommandLine commandLine() {
        return NlpStreamCli.commandLine(new DemoCommand(), new BenchCommand(), new ModelsCommand());
    }
}
