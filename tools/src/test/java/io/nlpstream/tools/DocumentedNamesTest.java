package io.nlpstream.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.nlpstream.app.config.ConfigurationKeys;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.app.config.StrictConfiguration;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command, option and configuration key that README.md and docs/ name exists: commands and options in the
 * picocli specs of the tools jar (which holds every command), keys in the configuration classes (the generated
 * reference's source), and every YAML example of the service's configuration passes the start-up key check. A
 * renamed option or key fails here instead of leaving a page that cannot be followed.
 */
class DocumentedNamesTest {
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    /** An invocation: the launcher or a jar, then its arguments up to a shell operator or the end. */
    private static final Pattern INVOCATION = Pattern.compile(
            "(?:bin/nlp-stream|java -jar \\S*nlp-stream(?:-tools)?\\.jar|^nlp-stream)[ \\t]+([^|<>;&#\\n`]*)",
            Pattern.MULTILINE);
    private static final Pattern STANDALONE_OPTION = Pattern.compile("--[a-z][a-z0-9-]*(?:[ =].*)?");
    private static final Pattern INDEX = Pattern.compile("\\[(?:[a-zA-Z*]|\\d+)?]");
    /**
     * Names in the shape of the service's keys that are not configuration keys: the parent pom's Kafka version, the
     * Kafka consumers' lag meter and the response base's processor and stores (docs/topology.md).
     */
    private static final Set<String> NOT_KEYS = Set.of("kafka.version", "kafka.consumer.fetch.manager.records.lag",
            "response-base.embed", "response-base.embedding-cache", "response-base.embeddings");
    private static final Pattern OPTION = Pattern.compile("--?[a-zA-Z][\\w-]*(?:=.*)?");

    private final CommandLine cli = NlpStreamToolsCli.commandLine();
    private final ConfigurationKeys keys = ConfigurationKeys.load();

    @Test
    void everyCommandAndOptionNamedInTheDocsExists() throws IOException {
        Set<String> problems = new TreeSet<>();
        Set<String> allOptions = new TreeSet<>();
        collectOptions(cli.getCommandSpec(), allOptions);
        int invocations = 0;
        for (Path file : documents()) {
            String text = Files.readString(file);
            for (String code : codeOf(text)) {
                Matcher m = INVOCATION.matcher(code);
                while (m.find()) {
                    invocations++;
                    checkInvocation(m.group(1), problems, name(file) + ": `" + m.group().strip() + "`");
                }
            }
            Matcher inline = INLINE.matcher(withoutFences(text));
            while (inline.find()) {
                String span = inline.group(1).strip();
                if (STANDALONE_OPTION.matcher(span).matches()) {
                    String option = span.split("[ =]")[0];
                    if (!allOptions.contains(option)) {
                        problems.add(name(file) + ": option " + option + " belongs to no command");
                    }
                }
            }
        }
        assertThat(invocations).as("command lines found in the docs").isGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyConfigurationKeyNamedInTheDocsExists() throws IOException {
        Set<String> problems = new TreeSet<>();
        Pattern key = Pattern.compile("((?:" + String.join("|", keys.sections().stream().map(Pattern::quote)
                .toList()) + ")(?:\\.|\\[)[\\w.\\-\\[\\]<>*]*(?:\\{[^}]*}[\\w.\\-\\[\\]<>*]*)?)(?::\\s.*|\\s*=.*)?");
        int named = 0;
        for (Path file : documents()) {
            Matcher inline = INLINE.matcher(withoutFences(Files.readString(file)));
            while (inline.find()) {
                Matcher k = key.matcher(inline.group(1).strip());
                if (k.matches() && !NOT_KEYS.contains(k.group(1).strip())) {
                    for (String each : expand(k.group(1).strip())) {
                        named++;
                        if (!exists(each)) {
                            problems.add(name(file) + ": " + each);
                        }
                    }
                }
            }
        }
        assertThat(named).as("configuration keys named in the docs").isGreaterThan(30);
        assertThat(problems).as("keys named in the docs that no configuration class declares").isEmpty();
    }

    @Test
    void everyYamlExampleOfTheServiceConfigurationNamesOnlyKnownKeys() throws IOException {
        StrictConfiguration strict = new StrictConfiguration(keys);
        Set<String> problems = new TreeSet<>();
        int checked = 0;
        for (Path file : documents()) {
            Matcher fence = FENCE.matcher(Files.readString(file));
            while (fence.find()) {
                if (!fence.group(1).equals("yaml")) {
                    continue;
                }
                Object yaml = new Yaml().load(fence.group(2));
                if (yaml instanceof Map<?, ?> map && map.keySet().stream().anyMatch(
                        k -> keys.sections().contains(String.valueOf(k).split("[.\\[]")[0]))) {
                    checked++;
                    try {
                        @SuppressWarnings("unchecked")
                        Map<String, ?> properties = (Map<String, ?>) map;
                        strict.check(name(file), properties);
                    } catch (InvalidConfigurationException e) {
                        problems.add(e.getMessage());
                    }
                }
            }
        }
        assertThat(checked).as("YAML examples of the configuration").isGreaterThanOrEqualTo(3);
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private void checkInvocation(String arguments, Set<String> problems, String where) {
        CommandSpec command = cli.getCommandSpec();
        boolean valuePending = false;
        for (String raw : arguments.strip().split("\\s+")) {
            String token = raw.replaceAll("^[\\[(]+|[\\])]+$", "");
            if (token.isEmpty() || token.equals("...") || token.equals("\\")) {
                continue;
            }
            if (OPTION.matcher(token).matches()) {
                String name = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                CommandLine.Model.OptionSpec option = command.findOption(name);
                if (option == null) {
                    problems.add(where + ": '" + command.qualifiedName(" ") + "' has no option " + name);
                    return;
                }
                valuePending = option.arity().max() > 0 && !token.contains("=");
            } else if (!valuePending && command.subcommands().containsKey(token)) {
                command = command.subcommands().get(token).getCommandSpec();
            } else if (!valuePending && !command.subcommands().isEmpty() && command.positionalParameters().isEmpty()) {
                problems.add(where + ": '" + command.qualifiedName(" ") + "' has no command " + token);
                return;
            } else {
                valuePending = false;
            }
        }
    }

    private static void collectOptions(CommandSpec spec, Set<String> into) {
        spec.options().forEach(o -> into.addAll(List.of(o.names())));
        spec.subcommands().values().forEach(sub -> collectOptions(sub.getCommandSpec(), into));
    }

    /** A documented key as a concrete key: indexes and names filled in, {@code {a, b}} expanded. */
    private static List<String> expand(String key) {
        Matcher braces = Pattern.compile("\\{([^}]*)}").matcher(key);
        if (braces.find()) {
            List<String> out = new ArrayList<>();
            for (String part : braces.group(1).split(",")) {
                out.addAll(expand(key.substring(0, braces.start()) + part.strip() + key.substring(braces.end())));
            }
            return out;
        }
        return List.of(INDEX.matcher(key).replaceAll("[0]").replaceAll("<[^>]*>", "x"));
    }

    private boolean exists(String key) {
        if (key.endsWith(".*")) {
            String prefix = key.substring(0, key.length() - 1);
            return keys.names().stream().anyMatch(n -> n.replace("[*]", "[0]").replaceAll("\\*", "x")
                    .startsWith(prefix) || n.startsWith(prefix));
        }
        return keys.find(key).isPresent() || keys.names().stream().anyMatch(
                n -> n.replace("[*]", "[0]").replaceAll("\\.\\*\\.", ".x.").startsWith(key + "."));
    }

    private static List<String> codeOf(String markdown) {
        List<String> code = new ArrayList<>();
        Matcher fence = FENCE.matcher(markdown);
        while (fence.find()) {
            code.add(fence.group(2));
        }
        Matcher inline = INLINE.matcher(withoutFences(markdown));
        while (inline.find()) {
            code.add(inline.group(1));
        }
        return code;
    }

    private static String withoutFences(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static List<Path> documents() throws IOException {
        Path root = repositoryRoot();
        Set<Path> files = new LinkedHashSet<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return new ArrayList<>(files);
    }

    private static String name(Path file) {
        return repositoryRoot().relativize(file).toString();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root").isNotNull();
        return dir;
    }
}
