package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {"question": ..., "context": ...}} to the question-answering pipeline's output:
 * {@code {"score", "start", "end", "answer"}} for top_k 1, a list of those (best first) otherwise.
 */
final class QuestionAnsweringInference implements LineInference<List<Answer>> {
    private final QuestionAnswerer answerer;
    private final QaOptions options;

    QuestionAnsweringInference(QuestionAnswerer answerer, QaOptions options) {
        this.answerer = answerer;
        this.options = options;
    }

    @Override
    public CompletableFuture<List<Answer>> submit(JsonNode line) throws InvalidLineException {
        String question = InputLines.requireString(line, "question");
        String context = InputLines.requireString(line, "context");
        return answerer.answer(new QaInput(question, context), options);
    }

    @Override
    public void write(List<Answer> result, JsonGenerator out) throws IOException {
        if (options.topK() == 1) {
            if (result.isEmpty()) {
                throw new IllegalStateException("the answerer returned no answer");
            }
            writeAnswer(result.get(0), out);
            return;
        }
        out.writeStartArray();
        for (Answer answer : result) {
            writeAnswer(answer, out);
        }
        out.writeEndArray();
    }

    private static void writeAnswer(Answer answer, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField("score", answer.score());
        out.writeNumberField("start", answer.start());
        out.writeNumberField("end", answer.end());
        out.writeStringField("answer", answer.answer());
        out.writeEndObject();
    }
}
