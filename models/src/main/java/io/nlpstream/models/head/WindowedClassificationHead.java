package io.nlpstream.models.head;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.WindowOptions;
import io.nlpstream.models.result.WindowedLabels;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.List;
import java.util.Objects;

/**
 * Text classification of a whole text: the text in windows of {@code maxLength} tokens overlapping by the stride
 * (as the fast tokenizer's {@code return_overflowing_tokens}), each window scored as {@link ClassificationHead}
 * scores a text (the function applied per window), each label's scores combined by max or mean, then the labels
 * chosen by {@code top_k} as without windows.
 */
public final class WindowedClassificationHead implements TaskHead<String, WindowedLabels> {
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final ClassificationHead single;
    private final WindowOptions windows;

    public WindowedClassificationHead(TextTokenizer tok, int maxLength, List<String> labels, boolean multiLabel,
                                      ClassificationOptions opts, WindowOptions windows) {
        this.tokenizer = Objects.requireNonNull(tok, "tokenizer");
        this.maxLength = maxLength;
        this.single = new ClassificationHead(tok, maxLength, labels, multiLabel, opts);
        this.windows = Objects.requireNonNull(windows, "windows");
        if (windows.stride() >= maxLength - 2) {
            throw new IllegalArgumentException("chunk stride (" + windows.stride() + ") must be below the model's "
                    + "length less its special tokens (" + (maxLength - 2) + ")");
        }
    }

    @Override
    public List<Encoding> encode(String text) {
        return tokenizer.encodeWindows(text, maxLength, windows.stride());
    }

    @Override
    public WindowedLabels decode(String text, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        if (encodings.size() != outputs.size() || encodings.isEmpty()) {
            throw new IllegalArgumentException("expected one output per window, got " + outputs.size() + " for "
                    + encodings.size() + " windows");
        }
        float[] combined = null;
        for (SequenceOutputs output : outputs) {
            float[] scores = single.scores(output);
            if (combined == null) {
                combined = scores.clone();
                continue;
            }
            for (int i = 0; i < combined.length; i++) {
                combined[i] = switch (windows.aggregation()) {
                    case MAX -> Math.max(combined[i], scores[i]);
                    case MEAN -> combined[i] + scores[i];
                };
            }
        }
        if (windows.aggregation() == io.nlpstream.models.options.WindowAggregation.MEAN) {
            for (int i = 0; i < combined.length; i++) {
                combined[i] /= outputs.size();
            }
        }
        return new WindowedLabels(single.select(combined), outputs.size());
    }
}
