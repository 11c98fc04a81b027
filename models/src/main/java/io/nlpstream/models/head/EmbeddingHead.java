package io.nlpstream.models.head;

import io.nlpstream.models.options.EmbeddingOptions;
import io.nlpstream.models.tokenize.Encoding;
import io.nlpstream.models.tokenize.TextTokenizer;
import io.nlpstream.models.vector.Vectors;

import java.util.List;
import java.util.Objects;

/**
 * Feature extraction to one vector per text, as sentence-transformers does it: the text truncated to
 * {@code maxLength} tokens; the token embeddings ({@code last_hidden_state}, else {@code token_embeddings}, else the
 * graph's first output) pooled by mean over the attention mask or by taking [CLS]; then optionally L2-normalised.
 * A graph whose output is already one vector per sequence is used as it is (then only normalised).
 */
public final class EmbeddingHead implements TaskHead<String, float[]> {
    private final TextTokenizer tokenizer;
    private final EmbeddingOptions options;

    public EmbeddingHead(TextTokenizer tok, EmbeddingOptions opts) {
        this.tokenizer = Objects.requireNonNull(tok, "tokenizer");
        this.options = Objects.requireNonNull(opts, "options");
    }

    @Override
    public List<Encoding> encode(String text) {
        return List.of(tokenizer.encode(text, options.maxLength()));
    }

    @Override
    public float[] decode(String text, List<Encoding> encodings, List<SequenceOutputs> outputs) {
        Logits.requireOneSequence(encodings, outputs);
        OutputTensor tokens = tokenEmbeddings(outputs.get(0));
        float[] pooled;
        if (tokens.shape().length == 1) {
            pooled = tokens.data().clone();
        } else {
            int width = tokens.shape()[tokens.shape().length - 1];
            pooled = switch (options.pooling()) {
                case MEAN -> Maths.meanPool(tokens.data(), width, encodings.get(0).attentionMask());
                case CLS -> tokens.row(0);
            };
        }
        return options.normalize() ? Vectors.l2Normalize(pooled) : pooled;
    }

    private static OutputTensor tokenEmbeddings(SequenceOutputs outputs) {
        OutputTensor tensor = outputs.byName().get("last_hidden_state");
        if (tensor == null) {
            tensor = outputs.byName().get("token_embeddings");
        }
        return tensor != null ? tensor : outputs.first();
    }
}
