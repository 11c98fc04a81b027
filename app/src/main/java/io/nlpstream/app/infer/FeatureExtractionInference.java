package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.models.TextEmbedder;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {"text": ...}} to {@code {"embedding": [...]}}, the pooled (and, if asked, L2-normalised) vector.
 * Components are float32 written as their exact float64 value, as Python prints {@code tensor.tolist()}.
 */
final class FeatureExtractionInference implements LineInference<float[]> {
    private final TextEmbedder embedder;

    FeatureExtractionInference(TextEmbedder embedder) {
        this.embedder = embedder;
    }

    @Override
    public CompletableFuture<float[]> submit(JsonNode line) throws InvalidLineException {
        return embedder.embed(InputLines.requireString(line, "text"));
    }

    @Override
    public void write(float[] embedding, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName("embedding");
        out.writeStartArray(embedding, embedding.length);
        for (float component : embedding) {
            out.writeNumber((double) component);
        }
        out.writeEndArray();
        out.writeEndObject();
    }
}
