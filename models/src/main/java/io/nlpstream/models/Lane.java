package io.nlpstream.models;

/**
 * Which kind of caller a request comes from. A model's one queue holds both lanes, and {@link BatchPolicy} anchors
 * batches on each lane's oldest sequence in turn, so a flood on one lane delays the other by at most every other
 * batch instead of by everything queued ahead of it.
 *
 * <p>Admission differs: {@link #REQUEST} (HTTP, CLI) is bounded by {@code queueCapacity} and a submit waits up to the
 * submit timeout for room; {@link #STREAM} takes every submission without waiting, because the topology bounds its
 * own work in flight ({@code pipelines[].batch.max-in-flight} batches per task) and waits for it instead: that wait
 * is the stream's back-pressure.
 */
public enum Lane {
    /** The Kafka Streams topology (micro-batches, the response base). */
    STREAM,
    /** Interactive callers: the HTTP API and the {@code infer} command. */
    REQUEST
}
