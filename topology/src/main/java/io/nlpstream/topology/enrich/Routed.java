package io.nlpstream.topology.enrich;

/**
 * A processor's output: either a value for the next step or a dead letter. A dead letter carries the original
 * value bytes; its record keeps the original key and timestamp and carries the {@code dlq.*} headers.
 */
public sealed interface Routed<T> {
    record Pass<T>(T value) implements Routed<T> {
    }

    record Dead<T>(byte[] originalValue) implements Routed<T> {
    }

    default boolean isDead() {
        return this instanceof Dead;
    }
}
