package io.nlpstream.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the repository's deployment files from the app module's test run: surefire starts in {@code app/}, so the
 * repository root is its parent. Plain file access, no app classes, so these checks run even while the app does not
 * compile against its neighbours.
 */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: the nearest directory upwards that holds both {@code docker/} and {@code deploy/}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docker")) && Files.isDirectory(p.resolve("deploy"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root with docker/ and deploy/ above " + dir);
    }

    static Path resolve(String relative) {
        return root().resolve(relative);
    }

    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under {@code dir} whose name ends with one of {@code suffixes}, sorted. */
    static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> suffixes.length == 0 || Stream.of(suffixes).anyMatch(s -> p.toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> yamlFiles(String... dirs) {
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            out.addAll(files(resolve(d), ".yml", ".yaml"));
        }
        return out;
    }

    /** All documents of a (possibly multi-document) YAML file, safe constructor only; null documents dropped. */
    static List<Object> yamlDocuments(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Object> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text(file))) {
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /** The single document of a YAML file as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(Path file) {
        List<Object> docs = yamlDocuments(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalStateException(file + " is not one YAML mapping");
        }
        return (Map<String, Object>) docs.get(0);
    }

    /** Follows a path of map keys; null when any step is missing or not a map. */
    @SuppressWarnings("unchecked")
    static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static List<Object> listAt(Object node, String... keys) {
        Object value = at(node, keys);
        return value instanceof List ? (List<Object>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapAt(Object node, String... keys) {
        Object value = at(node, keys);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /**
     * Flattens nested maps to dotted keys ({@code a.b.c -> value}); list elements become {@code key[i]}. Keys that
     * already contain dots (Kafka property names) stay as one segment.
     */
    static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** Visits every map in a YAML tree, depth first. */
    static void eachMap(Object node, java.util.function.Consumer<Map<?, ?>> visitor) {
        if (node instanceof Map<?, ?> map) {
            visitor.accept(map);
            map.values().forEach(v -> eachMap(v, visitor));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> eachMap(v, visitor));
        }
    }
}
