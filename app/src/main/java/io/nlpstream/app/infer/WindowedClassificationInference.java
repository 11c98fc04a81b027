package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.nlpstream.models.WindowedTextClassifier;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.result.WindowedLabels;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code {"text": ...}} read whole in windows ({@code long-text: chunk}) to
 * {@code {"labels": <the pipeline's output as without windows>, "windows": N}}.
 */
final class WindowedClassificationInference implements LineInference<WindowedLabels> {
    private final WindowedTextClassifier classifier;
    private final ClassificationOptions options;
    private final WindowOptions windows;

    WindowedClassificationInference(WindowedTextClassifier classifier, ClassificationOptions options,
                                    WindowOptions windows) {
        this.classifier = classifier;
        this.options = options;
        this.windows = windows;
    }

    @Override
    public CompletableFuture<WindowedLabels> submit(JsonNode line) throws InvalidLineException {
        return classifier.classify(InputLines.requireString(line, "text"), options, windows);
    }

    @Override
    public void write(WindowedLabels result, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName("labels");
        TextClassificationInference.writeLabels(result.labels(), options, out);
        out.writeNumberField("windows", result.windows());
        out.writeEndObject();
    }
}
