package io.nlpstream.topology.ranking;

/** One ranked response: its id in the response base, its text, and its cosine similarity to the query. */
public record ResponseHit(String responseId, String text, double score) {
}
