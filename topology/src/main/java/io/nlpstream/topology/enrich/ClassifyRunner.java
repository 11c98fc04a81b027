package io.nlpstream.topology.enrich;

import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.schemas.avro.Label;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.TextEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Text classification of the event's text. */
public final class ClassifyRunner implements StepRunner<List<LabelScore>> {
    private final TextClassifier classifier;
    private final ClassificationOptions options;
    private final ModelResults results;

    public ClassifyRunner(String model, TextClassifier classifier, ClassificationOptions options) {
        this.classifier = classifier;
        this.options = options;
        this.results = new ModelResults(model, classifier.info());
    }

    @Override
    public CompletableFuture<List<LabelScore>> submit(TextEvent event) {
        return classifier.classify(event.getText(), options);
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
