package io.nlpstream.app.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the app module actually declares, read from its sources rather than restated here, so a renamed metric, a
 * moved endpoint or a changed port makes the deployment checks fail instead of drifting silently.
 */
final class AppContract {

    /** Micronaut's HTTP port when {@code micronaut.server.port} is not set (outside the test environment). */
    static final int MICRONAUT_DEFAULT_PORT = 8080;

    private static final Pattern METRIC_LITERAL = Pattern.compile("\"((?:nlpstream|kafka)[._][a-z0-9_.]+)\"");
    private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");

    /**
     * Suffixes Micrometer's Prometheus naming convention adds to a meter name: the base unit (timers always
     * seconds), then {@code _total} for counters or the histogram/summary series.
     */
    private static final Pattern PROMETHEUS_SUFFIX = Pattern.compile(
            "(_(seconds|bytes|tokens|records|events|ratio|percent|milliseconds))?(_(total|count|sum|max|bucket))?");

    private AppContract() {
    }

    static Path appModule() {
        return RepositoryFiles.resolve("app");
    }

    static Path mainSources() {
        return appModule().resolve("src/main/java");
    }

    static Path applicationYml() {
        return appModule().resolve("src/main/resources/application.yml");
    }

    static boolean hasApplicationYml() {
        return Files.isRegularFile(applicationYml());
    }

    static Map<String, Object> applicationConfig() {
        return RepositoryFiles.yamlMap(applicationYml()); // the module ships one: reading no file would check nothing
    }

    /** The HTTP port the app listens on by default: micronaut.server.port (placeholder default resolved) or 8080. */
    static int httpPort() {
        Object port = RepositoryFiles.at(applicationConfig(), "micronaut", "server", "port");
        return port == null ? MICRONAUT_DEFAULT_PORT : Integer.parseInt(placeholderDefault(String.valueOf(port)));
    }

    /** Where Micronaut management endpoints live: {@code endpoints.all.path} (default {@code /}). */
    static String endpointBase() {
        Object base = RepositoryFiles.at(applicationConfig(), "endpoints", "all", "path");
        String b = base == null ? "/" : placeholderDefault(String.valueOf(base));
        return b.endsWith("/") ? b : b + "/";
    }

    static String livenessPath() {
        return endpointBase() + "health/liveness";
    }

    static String readinessPath() {
        return endpointBase() + "health/readiness";
    }

    static String prometheusPath() {
        return endpointBase() + "prometheus";
    }

    /** Meter names declared as string literals in the app's main sources ({@code nlpstream.*}), underscored. */
    static Set<String> declaredMetricNames() {
        Set<String> names = new TreeSet<>();
        for (Path file : RepositoryFiles.files(mainSources(), ".java")) {
            Matcher m = METRIC_LITERAL.matcher(RepositoryFiles.text(file));
            while (m.find()) {
                names.add(m.group(1).replace('.', '_'));
            }
        }
        return names;
    }

    /** True when {@code prometheusName} is what Micrometer exports for one of the declared meters. */
    static boolean exports(Set<String> declared, String prometheusName) {
        for (String base : declared) {
            if (prometheusName.equals(base)) {
                return true;
            }
            if (prometheusName.startsWith(base + "_")
                    && PROMETHEUS_SUFFIX.matcher(prometheusName.substring(base.length())).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code ${NAME:default}} -> default; anything else unchanged. */
    static String placeholderDefault(String value) {
        Matcher m = PLACEHOLDER_DEFAULT.matcher(value.trim());
        return m.matches() ? m.group(1) : value.trim();
    }

    /** Names used in {@code ${NAME...}} placeholders in a text. */
    static Set<String> placeholderNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
