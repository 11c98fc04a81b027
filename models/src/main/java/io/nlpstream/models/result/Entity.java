package io.nlpstream.models.result;

/**
 * One token-classification result.
 *
 * <p>With aggregation {@code none} this is one token: {@code label} is the IOB tag ({@code entity} in the
 * transformers output) and {@code index} is the token's position in the encoding. With any other aggregation it
 * is one entity group: {@code label} is the group without its B-/I- prefix ({@code entity_group}) and
 * {@code index} is {@code null}. {@code start} and {@code end} are Unicode code point offsets into the input text,
 * as Python counts them.
 */
public record Entity(String label, double score, String word, int start, int end, Integer index) {

    /** Whether this is an aggregated group ({@code entity_group}) rather than a single token ({@code entity}). */
    public boolean isGroup() {
        return index == null;
    }
}
