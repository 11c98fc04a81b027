package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {"text": ...}} or {@code {"text": ..., "text_pair": ...}} (classified through the tokenizer's pair template,
 * as the pipeline's dict input is) to the text-classification pipeline's output: {@code {"label", "score"}} without top_k,
 * a list of those (best first) with it.
 */
final class TextClassificationInference implements LineInference<List<LabelScore>> {
    private final TextClassifier classifier;
    private final ClassificationOptions options;

    TextClassificationInference(TextClassifier classifier, ClassificationOptions options) {
        this.classifier = classifier;
        this.options = options;
    }

    @Override
    public CompletableFuture<List<LabelScore>> submit(JsonNode line) throws InvalidLineException {
        String text = InputLines.requireString(line, "text");
        String pair = InputLines.optionalString(line, "text_pair");
        return classifier.classify(pair == null ? TextInput.of(text) : TextInput.pair(text, pair), options);
    }

    @Override
    public void write(List<LabelScore> result, JsonGenerator out) throws IOException {
        writeLabels(result, options, out);
    }

    /** The pipeline's output for one text's labels: one object without top_k, a list with it. */
    static void writeLabels(List<LabelScore> result, ClassificationOptions options, JsonGenerator out)
            throws IOException {
        if (options.singleBest()) {
            if (result.isEmpty()) {
                throw new IllegalStateException("the classifier returned no label");
            }
            writeLabel(result.get(0), out);
            return;
        }
        out.writeStartArray();
        for (LabelScore label : result) {
            writeLabel(label, out);
        }
        out.writeEndArray();
    }

    private static void writeLabel(LabelScore label, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("label", label.label());
        out.writeNumberField("score", label.score());
        out.writeEndObject();
    }
}
