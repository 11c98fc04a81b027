package io.nlpstream.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.nlpstream.app.config.Closest;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that names something which does not exist fails with exit code 2 and one sentence naming it and
 * the closest command or option that does exist, so scripts can tell a typo from success. Picocli alone lets
 * {@code --help} win over an unknown word ({@code nlp-stream replya --help} printed the top-level help and exited 0).
 */
public final class UsageErrors {
    private UsageErrors() {
    }

    /** Makes {@code cli} and its subcommands strict; call after the last subcommand is added. */
    public static CommandLine strict(CommandLine cli) {
        CommandLine.IParameterExceptionHandler others = cli.getParameterExceptionHandler();
        return cli.setExecutionStrategy(UsageErrors::refuseUnmatchedThenRunLast)
                .setParameterExceptionHandler((e, args) -> e instanceof UnmatchedArgumentException unmatched
                        && !unmatched.getUnmatched().isEmpty() ? report(unmatched) : others.handleParseException(e, args));
    }

    private static int refuseUnmatchedThenRunLast(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int report(UnmatchedArgumentException e) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(rootName(cli.getCommandSpec()) + ": " + sentence(e));
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /** The one sentence for an unknown command, option or argument. */
    static String sentence(UnmatchedArgumentException e) {
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName(" ");
        String word = e.getUnmatched().get(0);
        if (word.startsWith("-")) {
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            return "unknown option '" + name + "' for '" + command + "'" + suggestion(name, options(spec))
                    + " ('" + command + " --help' lists them).";
        }
        if (!spec.subcommands().isEmpty()) {
            return "unknown command '" + word + "' for '" + command + "'"
                    + suggestion(word, new ArrayList<>(spec.subcommands().keySet()))
                    + " ('" + command + " --help' lists them).";
        }
        return "unexpected argument '" + word + "' for '" + command + "' ('" + command
                + " --help' says what it takes).";
    }

    private static String suggestion(String word, List<String> candidates) {
        return Closest.to(word, candidates).map(c -> "; the closest is '" + c + "'").orElse("");
    }

    private static List<String> options(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        spec.options().stream().filter(o -> !o.hidden()).forEach(o -> names.addAll(List.of(o.names())));
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private static String rootName(CommandSpec spec) {
        CommandSpec root = spec;
        while (root.parent() != null) {
            root = root.parent();
        }
        return root.name();
    }
}
