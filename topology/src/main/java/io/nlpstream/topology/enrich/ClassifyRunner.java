package io.nlpstream.topology.enrich;

import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.ModelStep;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Text classification of the event's text, or of the text pair its step names. */
public final class ClassifyRunner implements StepRunner<List<LabelScore>> {
    private final TextClassifier classifier;
    private final ClassificationOptions options;
    private final ModelResults results;
    private final ModelStep.TextPairFields pair;

    public ClassifyRunner(String model, TextClassifier classifier, ClassificationOptions options) {
        this(model, classifier, options, null);
    }

    /** @param pair the event fields that form the text pair, {@code null} to classify the text alone */
    public ClassifyRunner(String model, TextClassifier classifier, ClassificationOptions options,
                          ModelStep.TextPairFields pair) {
        this.classifier = classifier;
        this.options = options;
        this.results = new ModelResults(model, classifier.info());
        this.pair = pair;
    }

    /** A pair step runs on events that carry both of its fields, non-blank. */
    @Override
    public boolean appliesTo(TextEvent event) {
        return pair == null || (present(pair.text().valueIn(event)) && present(pair.textPair().valueIn(event)));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public CompletableFuture<List<LabelScore>> submit(TextEvent event) {
        TextInput input = pair == null ? TextInput.of(event.getText())
                : TextInput.pair(pair.text().valueIn(event), pair.textPair().valueIn(event));
        return classifier.classify(input, options);
    }

    @Override
    public ModelResult toResult(TextEvent event, List<LabelScore> raw) {
        List<Label> labels = new ArrayList<>(raw.size());
        for (LabelScore score : raw) {
            labels.add(new Label(score.label(), score.score()));
        }
        return results.labels(labels);
    }

    @Override
    public ModelResults results() {
        return results;
    }
}
