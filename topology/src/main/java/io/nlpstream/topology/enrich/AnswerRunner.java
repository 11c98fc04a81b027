package io.nlpstream.topology.enrich;

import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;
import io.nlpstream.schemas.avro.ExtractedAnswer;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Extractive QA: the event's question against its text; events without a (non-blank) question are skipped. */
public final class AnswerRunner implements StepRunner<List<Answer>> {
    private final QuestionAnswerer answerer;
    private final QaOptions options;
    private final ModelResults results;

    public AnswerRunner(String model, QuestionAnswerer answerer, QaOptions options) {
        this.answerer = answerer;
        this.options = options;
        this.results = new ModelResults(model, answerer.info());
    }

    @Override
    public boolean appliesTo(TextEvent event) {
        return event.getQuestion() != null && !event.getQuestion().isBlank();
    }

    @Override
    public CompletableFuture<List<Answer>> submit(TextEvent event) {
        return answerer.answer(new QaInput(event.getQuestion(), event.getText()), options);
    }

    @Override
    public ModelResult toResult(TextEvent event, List<Answer> raw) {
        List<ExtractedAnswer> answers = new ArrayList<>(raw.size());
        for (Answer answer : raw) {
            answers.add(new ExtractedAnswer(answer.answer(), answer.start(), answer.end(), answer.score()));
        }
        return results.answers(answers);
    }

    @Override
    public ModelResults results() {
        return results;
    }
}
