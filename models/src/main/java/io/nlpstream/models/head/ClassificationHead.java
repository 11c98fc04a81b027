package io.nlpstream.models.head;

import io.nlpstream.models.input.TextInput;
import io.nlpstream.models.options.ClassificationFunction;
import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.result.LabelScore;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Text classification as the transformers {@code text-classification} pipeline does it: the text, or the text pair
 * through the tokenizer's pair template, truncated to {@code maxLength} tokens ({@code longest_first}), one sequence; scores by {@code function_to_apply} (default: sigmoid for multi-label
 * models or a single label, softmax otherwise); {@code top_k} {@code null} returns the best label only, {@code 0}
 * every label best first, {@code N} the N best (ties keep the model's label order).
 */
public final class ClassificationHead implements TaskHead<TextInput, List<LabelScore>> {
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final List<String> labels;
    private final ClassificationFunction function;
    private final Integer topK;

    public ClassificationHead(TextTokenizer tok, int maxLength, List<String> labels, boolean multiLabel,
                              ClassificationOptions opts) {
        this.tokenizer = Objects.requireNonNull(tok, "tokenizer");
        this.maxLength = maxLength;
        this.labels = List.copyOf(labels);
        if (this.labels.isEmpty()) {
            throw new IllegalArgumentException("a classification head needs at least one label");
        }
        this.function = opts.function() != null ? opts.function()
                : multiLabel || this.labels.size() == 1 ? ClassificationFunction.SIGMOID
                : ClassificationFunction.SOFTMAX;
        this.topK = opts.topK();
    }

    /** The function applied to the logits, after defaults are resolved. */
    public ClassificationFunction function() {
        return function;
    }

    @Override
    public List<Encoding> encode(TextInput input) {
        return List.of(input.isPair() ? tokenizer.encodePair(input.text(), input.textPair(), maxLength)
                : tokenizer.encode(input.text(), maxLength));
    }

    @Override
    public List<LabelScore> decode(TextInput input, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        Logits.requireOneSequence(encodings, outputs);
        return select(scores(outputs.get(0)));
    }

    /** One sequence's score per label, in the model's label order, after the function. */
    float[] scores(SequenceOutputs output) {
        float[] logits = Logits.named(output, "logits").data();
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException("model returned " + logits.length + " logits for " + labels.size()
                    + " labels");
        }
        return switch (function) {
            case SOFTMAX -> Maths.softmax(logits);
            case SIGMOID -> Maths.sigmoid(logits);
            case NONE -> logits.clone();
        };
    }

    /** The labels {@code top_k} asks for, best first. */
    List<LabelScore> select(float[] scores) {
        if (topK == null) {
            int best = Maths.argmax(scores);
            return List.of(new LabelScore(labels.get(best), scores[best]));
        }
        List<LabelScore> all = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            all.add(new LabelScore(labels.get(i), scores[i]));
        }
        // List.sort is stable, like Python's sorted: equal scores keep the label order
        all.sort(Comparator.comparingDouble(LabelScore::score).reversed());
        return topK == 0 || topK >= all.size() ? all : List.copyOf(all.subList(0, topK));
    }
}
