package io.nlpstream.tools.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing the scratch directories the embedded broker, the demo and the bench create. */
public final class TemporaryDirectories {
    private TemporaryDirectories() {
    }

    /**
     * Deletes {@code dir} and everything below it; nothing happens when it is {@code null} or absent.
     *
     * @return whether it is gone; callers decide whether a leftover is worth a log line
     */
    public static boolean deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
