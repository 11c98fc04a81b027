package io.nlpstream.topology.deadletter;

/**
 * The one hook the dead-letter handlers call: the part of the topology's listener this package needs, so that it
 * depends on nothing above it. Called on stream threads: implementations must be thread-safe and cheap.
 */
public interface DeadLetterListener {
    /** A record was forwarded to a dead-letter topic ({@code pipeline} is the handler's name outside pipelines). */
    default void deadLetter(String pipeline, DeadLetterReason reason) {
    }
}
