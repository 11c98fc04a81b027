package io.nlpstream.topology.enrich;

import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;
import io.nlpstream.schemas.avro.ModelResult;
import io.nlpstream.schemas.avro.NamedEntity;
import io.nlpstream.schemas.avro.TextEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Token classification (NER) of the event's text; an entity's {@code group} is its label or IOB tag. */
public final class RecognizeRunner implements StepRunner<List<Entity>> {
    private final TokenClassifier recognizer;
    private final TokenClassificationOptions options;
    private final ModelResults results;

    public RecognizeRunner(String model, TokenClassifier recognizer, TokenClassificationOptions options) {
        this.recognizer = recognizer;
        this.options = options;
        this.results = new ModelResults(model, recognizer.info());
    }

    @Override
    public CompletableFuture<List<Entity>> submit(TextEvent event) {
        return recognizer.recognize(event.getText(), options);
    }

    @Override
    public ModelResult toResult(TextEvent event, List<Entity> raw) {
        List<NamedEntity> entities = new ArrayList<>(raw.size());
        for (Entity entity : raw) {
            entities.add(new NamedEntity(entity.label(), entity.word(), entity.start(), entity.end(), entity.score()));
        }
        return results.entities(entities);
    }

    @Override
    public ModelResults results() {
        return results;
    }
}
