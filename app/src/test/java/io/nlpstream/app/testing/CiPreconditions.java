package io.nlpstream.app.testing;

import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine beyond the JDK (a tool on the PATH, a JVM feature). On a developer's machine
 * a test whose need is not met is skipped; in CI ({@code CI=true}, which {@code .ci/run} sets) it fails, so no test
 * can pass there by not running its subject.
 */
public final class CiPreconditions {
    private CiPreconditions() {
    }

    /** Whether this run is CI's: the {@code CI} environment variable is {@code true}. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips the test when {@code met} is false, or fails it in CI, with {@code need} saying what is missing. */
    public static void require(boolean met, String need) {
        if (met) {
            return;
        }
        if (inCi()) {
            fail(need + " (CI=true: a test that cannot run its subject fails instead of skipping)");
        }
        Assumptions.abort(need);
    }
}
