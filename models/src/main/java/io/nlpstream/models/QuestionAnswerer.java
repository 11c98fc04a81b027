package io.nlpstream.models;

import io.nlpstream.models.input.QaInput;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.result.Answer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Extractive question answering as the transformers v4 pipeline did it, through the model's shared batcher. */
public interface QuestionAnswerer {
    ModelInfo info();

    /** The {@code topK} best answers, best first. */
    CompletableFuture<List<Answer>> answer(QaInput input, QaOptions options);
}
