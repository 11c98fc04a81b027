package io.nlpstream.topology.decision;

/** Where a record whose action names a topic goes. */
public enum RouteMode {
    /** To the action's topic and to the pipeline's output. */
    COPY,
    /** To the action's topic instead of the pipeline's output. */
    MOVE
}
