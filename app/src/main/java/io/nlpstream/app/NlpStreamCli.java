package io.nlpstream.app;

import io.nlpstream.app.cli.UsageErrors;
import io.nlpstream.app.infer.InferCommand;
import io.nlpstream.app.replay.ReplayCommand;
import io.nlpstream.app.service.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nlp-stream}: the service jar's entry point, with the service's own commands ({@code run}, {@code infer} and
 * {@code replay}).
 * Each subcommand is a picocli command of its own; this class only names them, so {@code nlp-stream --help} lists
 * what the jar can do. The tools jar adds its commands (demo, bench, models) to this same tree.
 */
@Command(name = "nlp-stream", mixinStandardHelpOptions = true, versionProvider = NlpStreamCli.Version.class,
        description = "Kafka Streams enrichment with BERT-family ONNX models.",
        subcommands = {RunCommand.class, InferCommand.class, ReplayCommand.class})
public final class NlpStreamCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command tree, for tests and for callers that execute it without exiting the JVM; {@code more} adds
     * commands (the tools jar's). Unknown commands and options fail with the closest valid one ({@link UsageErrors}).
     */
    public static CommandLine commandLine(Object... more) {
        CommandLine cli = new CommandLine(new NlpStreamCli());
        for (Object command : more) {
            cli.addSubcommand(command);
        }
        return UsageErrors.strict(cli);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand.");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NlpStreamCli.class.getPackage().getImplementationVersion();
            return new String[] {"nlp-stream " + (version == null ? "(development build)" : version)};
        }
    }
}
