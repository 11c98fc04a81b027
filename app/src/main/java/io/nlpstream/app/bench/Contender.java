package io.nlpstream.app.bench;

import java.time.Duration;

/** One side of a comparison, measured in slices so that two sides can take turns on the same cores. */
interface Contender extends AutoCloseable {

    /** Works for about {@code duration} and returns what it completed in that time. */
    Rate runFor(Duration duration) throws Exception;

    /** Called once the warm-up slice is over, so statistics cover only measured slices. */
    default void warmedUp() {
    }

    @Override
    void close();
}
