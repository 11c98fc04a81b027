package io.nlpstream.tools.bench;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.Model;
import ai.djl.huggingface.translator.TextClassificationTranslatorFactory;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;

/**
 * DJL's HuggingFace text-classification translator with its last step done in Java. Tokenization, padding and
 * batching are DJL's own ({@code TextClassificationTranslator}); only turning logits into sorted labels is done
 * here, because DJL does that with NDArray operations ({@code softmax}, {@code argSort}) that the ONNX Runtime
 * engine cannot run itself and hands to another engine. The only other engine on Maven Central without a native
 * download is DJL's Rust engine (in the tokenizers jar), which does not implement {@code argSort}. The step is the
 * same arithmetic: softmax (sigmoid for multi-label), labels best first.
 */
final class DjlClassificationTranslator implements Translator<String, Classifications> {
    private final Translator<String, Classifications> delegate;
    private final List<String> labels;
    private final boolean multiLabel;

    DjlClassificationTranslator(Translator<String, Classifications> delegate, List<String> labels,
                                boolean multiLabel) {
        this.delegate = delegate;
        this.labels = List.copyOf(labels);
        this.multiLabel = multiLabel;
    }

    /** Makes the HuggingFace translator from DJL's own factory, then wraps it. */
    static TranslatorFactory factory(List<String> labels, boolean multiLabel) {
        TextClassificationTranslatorFactory huggingFace = new TextClassificationTranslatorFactory();
        return new TranslatorFactory() {
            @Override
            public Set<Pair<Type, Type>> getSupportedTypes() {
                return Set.of(new Pair<>(String.class, Classifications.class));
            }

            @Override
            @SuppressWarnings("unchecked")
            public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model,
                                                       Map<String, ?> arguments) throws TranslateException {
                Translator<String, Classifications> translator = huggingFace.newInstance(String.class,
                        Classifications.class, model, arguments);
                return (Translator<I, O>) new DjlClassificationTranslator(translator, labels, multiLabel);
            }
        };
    }

    @Override
    public Batchifier getBatchifier() {
        return delegate.getBatchifier();
    }

    @Override
    public void prepare(TranslatorContext ctx) throws Exception {
        delegate.prepare(ctx);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, String input) throws Exception {
        return delegate.processInput(ctx, input);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<String> inputs) throws Exception {
        return delegate.batchProcessInput(ctx, inputs);
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
        return classify(list.get(0).toFloatArray(), 0);
    }

    @Override
    public List<Classifications> batchProcessOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.get(0);
        float[] all = logits.toFloatArray();
        int rows = all.length / labels.size();
        List<Classifications> out = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            out.add(classify(all, row * labels.size()));
        }
        return out;
    }

    private Classifications classify(float[] logits, int offset) {
        int n = labels.size();
        double[] scores = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = logits[offset + i];
            scores[i] = multiLabel ? 1 / (1 + Math.exp(-x)) : Math.exp(x - max);
            sum += scores[i];
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
            if (!multiLabel) {
                scores[i] /= sum;
            }
        }
        order.sort((a, b) -> Double.compare(scores[b], scores[a]));
        List<String> classes = new ArrayList<>(n);
        List<Double> probabilities = new ArrayList<>(n);
        for (int i : order) {
            classes.add(labels.get(i));
            probabilities.add(scores[i]);
        }
        return new Classifications(classes, probabilities);
    }
}
