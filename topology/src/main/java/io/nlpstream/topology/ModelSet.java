package io.nlpstream.topology;

import io.nlpstream.models.QuestionAnswerer;
import io.nlpstream.models.TextClassifier;
import io.nlpstream.models.TextEmbedder;
import io.nlpstream.models.TokenClassifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loaded models the pipelines refer to by name. The topology only submits requests to them (their shared
 * batchers merge the requests of every stream thread); it never closes them: the application owns their lifecycle.
 */
public record ModelSet(Map<String, TextClassifier> classifiers, Map<String, TokenClassifier> tokenClassifiers,
                       Map<String, QuestionAnswerer> answerers, Map<String, TextEmbedder> embedders) {
    public ModelSet {
        classifiers = Map.copyOf(classifiers);
        tokenClassifiers = Map.copyOf(tokenClassifiers);
        answerers = Map.copyOf(answerers);
        embedders = Map.copyOf(embedders);
    }

    public static Builder builder() {
        return new Builder();
    }

    public TextClassifier classifier(String name) {
        return require(classifiers, name, "text classifier");
    }

    public TokenClassifier tokenClassifier(String name) {
        return require(tokenClassifiers, name, "token classifier");
    }

    public QuestionAnswerer answerer(String name) {
        return require(answerers, name, "question answerer");
    }

    public TextEmbedder embedder(String name) {
        return require(embedders, name, "text embedder");
    }

    private static <T> T require(Map<String, T> models, String name, String kind) {
        T model = models.get(name);
        if (model == null) {
            throw new InvalidTopologySettingsException("no " + kind + " named '" + name + "'; loaded: "
                    + models.keySet());
        }
        return model;
    }

    /** Collects models by name. */
    public static final class Builder {
        private final Map<String, TextClassifier> classifiers = new LinkedHashMap<>();
        private final Map<String, TokenClassifier> tokenClassifiers = new LinkedHashMap<>();
        private final Map<String, QuestionAnswerer> answerers = new LinkedHashMap<>();
        private final Map<String, TextEmbedder> embedders = new LinkedHashMap<>();

        public Builder classifier(String name, TextClassifier model) {
            classifiers.put(name, model);
            return this;
        }

        public Builder tokenClassifier(String name, TokenClassifier model) {
            tokenClassifiers.put(name, model);
            return this;
        }

        public Builder answerer(String name, QuestionAnswerer model) {
            answerers.put(name, model);
            return this;
        }

        public Builder embedder(String name, TextEmbedder model) {
            embedders.put(name, model);
            return this;
        }

        public ModelSet build() {
            return new ModelSet(classifiers, tokenClassifiers, answerers, embedders);
        }
    }
}
