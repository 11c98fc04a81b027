package io.nlpstream.models.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The four golden fixture models (see {@code golden/FIXTURES.md}) as directories in the HF Optimum layout, for tests
 * in this module and, through the test jar, in the modules above. They are test resources, not built-in models: the
 * service has none, and these stay the golden fixtures whatever the tools jar ships as its demo models.
 */
public final class FixtureModels {
    public static final String SENTIMENT = "sentiment";
    public static final String MODERATION = "moderation";
    public static final String NER = "ner";
    public static final String QA = "qa";

    private static final List<String> FILES = List.of("model.onnx", "tokenizer.json", "config.json",
            "tokenizer_config.json");
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private FixtureModels() {
    }

    /** The fixture's directory: in place when the resources are files, else copied out of the test jar once. */
    public static Path directory(String fixture) {
        URL url = FixtureModels.class.getResource("/golden/" + fixture + "/model.onnx");
        if (url == null) {
            throw new IllegalStateException("no fixture model '" + fixture + "' on the test classpath");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return EXTRACTED.computeIfAbsent(fixture, FixtureModels::extract);
    }

    /** The fixture's directory as a string, the form configuration and command lines take. */
    public static String path(String fixture) {
        return directory(fixture).toString();
    }

    /** The fixture's graph, for tests that open a session from bytes. */
    public static byte[] modelBytes(String fixture) {
        try {
            return Files.readAllBytes(directory(fixture).resolve("model.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path extract(String fixture) {
        try {
            Path dir = Files.createTempDirectory("nlp-stream-fixture-").resolve(fixture);
            Files.createDirectories(dir);
            for (String file : FILES) {
                try (InputStream in = FixtureModels.class.getResourceAsStream("/golden/" + fixture + "/" + file)) {
                    if (in != null) {
                        Files.copy(in, dir.resolve(file));
                    }
                }
                dir.resolve(file).toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            dir.getParent().toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy fixture model " + fixture + " out of the test jar", e);
        }
    }
}
