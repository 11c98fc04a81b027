package io.nlpstream.topology;

import io.nlpstream.models.options.ClassificationOptions;
import io.nlpstream.models.options.QaOptions;
import io.nlpstream.models.options.TokenClassificationOptions;
import java.util.Objects;

/**
 * One model a pipeline runs on each event; each step yields one {@code ModelResult}, in the pipeline's step order.
 * {@code model} names an entry of the {@link ModelSet}.
 */
public sealed interface ModelStep {
    String model();

    /**
     * Text classification of {@code text}, or of a text pair read from two event fields (a cross-encoder's query
     * and passage, an NLI premise and hypothesis); with a pair, events that lack either field (or carry a blank
     * one) are skipped, as question answering skips events without a question.
     *
     * @param pair the fields that form the pair, {@code null} to classify {@code text} alone
     */
    record Classify(String model, ClassificationOptions options, TextPairFields pair) implements ModelStep {
        public Classify {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(options, "options");
        }

        /** Classification of {@code text} alone. */
        public Classify(String model, ClassificationOptions options) {
            this(model, options, null);
        }
    }

    /** The two event fields a text-pair classification reads, as the pipeline's {@code text} and {@code text_pair}. */
    record TextPairFields(EventField text, EventField textPair) {
        public TextPairFields {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(textPair, "textPair");
        }
    }

    /** Token classification (NER) of {@code text}. */
    record Recognize(String model, TokenClassificationOptions options) implements ModelStep {
        public Recognize {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(options, "options");
        }
    }

    /** Extractive QA with {@code text} as the context; runs only for events that carry a non-blank question. */
    record Answer(String model, QaOptions options) implements ModelStep {
        public Answer {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * The {@code k} responses of the response base closest to {@code text} (cosine). {@code model} must be the
     * response base's embedder, so queries and responses live in one vector space. With a {@code reranker} (a
     * cross-encoder: a text-pair classifier with one label), each of the {@code k} hits is scored again as the pair
     * (text, response) in the same micro-batch and the hits are ordered by that score, each keeping both.
     *
     * @param reranker the cross-encoder's model name, {@code null} for bi-encoder ranking only
     */
    record Rank(String model, int k, String reranker) implements ModelStep {
        public Rank {
            Objects.requireNonNull(model, "model");
            if (k < 1) {
                throw new InvalidTopologySettingsException("ranking k must be >= 1, got " + k);
            }
        }

        /** Bi-encoder ranking only. */
        public Rank(String model, int k) {
            this(model, k, null);
        }
    }
}
