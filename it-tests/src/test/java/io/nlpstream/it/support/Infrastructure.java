package io.nlpstream.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.nlpstream.it.cluster.KafkaCluster;
import io.nlpstream.models.load.BuiltInModel;
import io.nlpstream.tools.embedded.EmbeddedSchemaRegistry;
import io.nlpstream.tools.models.BuiltInModelExport;

/**
 * What every scenario shares: one Kafka cluster and one Schema Registry for the whole suite (started once, closed
 * when JUnit finishes), the app jar under test, the built-in models exported as directories (the service jar has
 * none; the tools module writes them as {@code bin/nlp-stream models export} does) and a working directory under
 * {@code target/it}. Scenarios keep out of each other's way by using their own topics and application ids.
 */
public record Infrastructure(KafkaCluster cluster, EmbeddedSchemaRegistry registry, Path appJar, Path workDir,
                             Path builtInModels) implements AutoCloseable {

    static Infrastructure start() {
        Path workDir = Path.of(System.getProperty("nlpstream.it.dir", "target/it")).toAbsolutePath();
        Path jar = Path.of(System.getProperty("nlpstream.jar", "../app/target/nlp-stream.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the app jar " + jar + " is missing; build it first: "
                    + "mvn -B -pl app -am package -DskipTests");
        }
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path builtInModels = workDir.resolve("built-in-models");
        for (BuiltInModel model : BuiltInModel.values()) {
            BuiltInModelExport.export(model, builtInModels);
        }
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.create().start();
        try {
            return new Infrastructure(KafkaCluster.start(workDir), registry, jar, workDir, builtInModels);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /**
     * A fresh directory for one scenario's files (configs, logs, state, inputs); a previous run's is deleted, since
     * its Kafka Streams state belongs to a cluster that no longer exists.
     */
    public Path scenarioDir(String scenario) {
        Path dir = workDir.resolve(scenario);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory the built-in model {@code name} (e.g. {@code demo-sentiment}) was exported to. */
    public String builtInModel(String name) {
        Path dir = builtInModels.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no built-in model '" + name + "' among " + builtInModels);
        }
        return dir.toString();
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            registry.close();
        }
    }
}
