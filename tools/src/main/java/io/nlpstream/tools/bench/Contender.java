package io.nlpstream.tools.bench;

/** One side of a comparison, measured in slices so that two sides can take turns on the same cores. */
interface Contender extends AutoCloseable {

    /** Works until {@code slice} is over and returns what it completed in the time that took. */
    Rate run(Slice slice) throws Exception;

    /** Called once the warm-up slice is over, so statistics cover only measured slices. */
    default void warmedUp() {
    }

    @Override
    void close();
}
