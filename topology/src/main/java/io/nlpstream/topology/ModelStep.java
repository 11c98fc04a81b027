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

    /** Text classification of {@code text}. */
    record Classify(String model, ClassificationOptions options) implements ModelStep {
        public Classify {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(options, "options");
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
     * response base's embedder, so queries and responses live in one vector space.
     */
    record Rank(String model, int k) implements ModelStep {
        public Rank {
            Objects.requireNonNull(model, "model");
            if (k < 1) {
                throw new InvalidTopologySettingsException("ranking k must be >= 1, got " + k);
            }
        }
    }
}
