package io.nlpstream.it.support;

import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Randomness that can be replayed: the seed is logged, and {@code -Dnlpstream.it.seed=N} repeats a run. */
public final class Seeds {
    private static final Logger LOG = LoggerFactory.getLogger(Seeds.class);

    private Seeds() {
    }

    public static Random random(String scenario) {
        String fixed = System.getProperty("nlpstream.it.seed");
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.trim());
        LOG.info("{}: random seed {} (repeat with -Dnlpstream.it.seed={})", scenario, seed, seed);
        return new Random(seed);
    }
}
