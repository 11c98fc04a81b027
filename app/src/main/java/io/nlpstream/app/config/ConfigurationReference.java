package io.nlpstream.app.config;

import java.util.List;

/**
 * docs/configuration.md: every key of {@link ConfigurationKeys} with its type, default, environment variable and
 * description, grouped by section. Generated, never edited by hand; {@code ConfigurationReferenceTest} fails when
 * the checked-in page differs and names the command that rewrites it ({@link #REGENERATE}).
 */
public final class ConfigurationReference {
    /** The one command that rewrites docs/configuration.md from the configuration classes. */
    public static final String REGENERATE = "mvn -B -o -q -pl app -am test -Dtest=ConfigurationReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dconfiguration.reference.write=true";

    private ConfigurationReference() {
    }

    public static String markdown(ConfigurationKeys keys) {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Configuration reference

                <!-- Generated from the configuration classes (app/src/main/java/io/nlpstream/app/config); do not edit.
                     Regenerate with: %s -->

                Every key the service reads, with its type, its default and the environment variable that sets it.
                This page is generated from the configuration classes, so it lists exactly what the code binds.

                **Where values come from**, each source over the previous one: the defaults below, the files of
                `MICRONAUT_CONFIG_FILES` (comma-separated; the container images set it to
                `/etc/nlp-stream/application.yml`), each `run --config FILE.yml` (repeatable; a later file replaces
                an earlier file's lists, such as `pipelines`, as a whole), environment variables, then `-Dkey=value`
                system properties.

                **Environment variables**: every key has one, the key upper-cased with `.` and `-` read as `_`
                (`KAFKA_BOOTSTRAP_SERVERS` sets `kafka.bootstrap-servers`, `MODELS_SESSION_PROVIDER` sets
                `models.session.provider`). `<NAME>` stands for a name you choose (a model's name, a Kafka property:
                `KAFKA_PROPERTIES_SECURITY_PROTOCOL` sets `kafka.properties.security.protocol`). Keys inside a list
                (`pipelines[*]`) have none: lists are set in files. This is the only scheme; the deployment files
                in deploy/ and docker/ use it.

                **Placeholders**: a file may read any variable with `${NAME}` or `${NAME:default}`; the default is
                everything after the first colon, taken as written (`${SCHEMA_REGISTRY_URL:http://localhost:8081}`).
                A placeholder without a default and without a value stops start-up naming the variable.

                **Strict keys**: a key in one of the sections below that is not listed here stops start-up with one
                sentence naming the key, where it was written and the closest key that exists. Environment variables
                are not checked this way (they share one namespace with everything else on the machine). Keys
                outside these sections (`micronaut.*`, `endpoints.*`) are Micronaut's own.

                """.formatted(REGENERATE));
        for (String section : keys.sections()) {
            md.append("## ").append(section).append("\n\n");
            md.append("| Key | Type | Default | Environment variable | Description |\n");
            md.append("|---|---|---|---|---|\n");
            List<ConfigurationKey> inSection = keys.all().stream().filter(k -> k.section().equals(section)).toList();
            for (ConfigurationKey key : inSection) {
                md.append("| `").append(key.name()).append("` | ").append(key.type()).append(" | ")
                        .append(code(portable(key.defaultValue()))).append(" | ")
                        .append(code(key.environmentVariable())).append(" | ")
                        .append(cell(key.description())).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** A default that depends on the machine (the temporary directory) written the same on every machine. */
    private static String portable(String value) {
        String tmp = System.getProperty("java.io.tmpdir");
        return tmp != null && !tmp.isEmpty() && value.startsWith(tmp)
                ? "<java.io.tmpdir>" + value.substring(tmp.length()) : value;
    }

    private static String code(String value) {
        return value.isEmpty() ? "" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
