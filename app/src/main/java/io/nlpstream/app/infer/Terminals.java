package io.nlpstream.app.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether stderr is a terminal, which Java 17 cannot ask per stream; Linux answers through /proc. */
final class Terminals {
    private Terminals() {
    }

    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // Not Linux: a console means stdin and stdout are interactive, the best remaining guess.
            return System.console() != null;
        }
    }
}
