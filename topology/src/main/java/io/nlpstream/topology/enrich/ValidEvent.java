package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;

/**
 * An accepted event on its way through a pipeline: the record the buffer stores, and the decoded (and possibly
 * cut) event the models see, which is kept in memory only.
 */
public record ValidEvent(BufferedEvent buffered, TextEvent event) {
}
