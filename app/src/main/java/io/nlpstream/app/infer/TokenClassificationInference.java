package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.models.TokenClassifier;
import io.nlpstream.models.options.TokenClassificationOptions;
import io.nlpstream.models.result.Entity;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {"text": ...}} to the token-classification pipeline's output, a list in its field order:
 * {@code entity, score, index, word, start, end} per token (aggregation none) or
 * {@code entity_group, score, word, start, end} per group (any other aggregation).
 */
final class TokenClassificationInference implements LineInference<List<Entity>> {
    private final TokenClassifier classifier;
    private final TokenClassificationOptions options;

    TokenClassificationInference(TokenClassifier classifier, TokenClassificationOptions options) {
        this.classifier = classifier;
        this.options = options;
    }

    @Override
    public CompletableFuture<List<Entity>> submit(JsonNode line) throws InvalidLineException {
        return classifier.recognize(InputLines.requireString(line, "text"), options);
    }

    @Override
    public void write(List<Entity> result, JsonGenerator out) throws IOException {
        out.writeStartArray();
        for (Entity entity : result) {
            out.writeStartObject();
            if (entity.isGroup()) {
                out.writeStringField("entity_group", entity.label());
                out.writeNumberField("score", entity.score());
            } else {
                out.writeStringField("entity", entity.label());
                out.writeNumberField("score", entity.score());
                out.writeNumberField("index", entity.index());
            }
            out.writeStringField("word", entity.word());
            out.writeNumberField("start", entity.start());
            out.writeNumberField("end", entity.end());
            out.writeEndObject();
        }
        out.writeEndArray();
    }
}
