package io.nlpstream.models.result;

/** One response of a ranking result: its id in the response base and its cosine similarity to the query. */
public record RankedHit(String id, double score) {
}
