package io.nlpstream.models.result;

/**
 * One extractive question-answering result. {@code start} and {@code end} are Unicode code point offsets into the
 * context; the impossible answer is {@code ("", 0, 0)}.
 */
public record Answer(double score, int start, int end, String answer) {
}
