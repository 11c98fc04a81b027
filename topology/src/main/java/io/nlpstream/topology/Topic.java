package io.nlpstream.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/** A topic name with the serdes its records are written with, so callers never pair a name with the wrong serde. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
