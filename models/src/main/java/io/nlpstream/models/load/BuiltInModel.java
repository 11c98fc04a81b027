package io.nlpstream.models.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The models loadable by name instead of by directory. Their files are classpath resources of the tools jar
 * ({@code nlp-stream-tools.jar}, which {@code bin/nlp-stream} runs), never of the service jar: this enum only names
 * them and where they sit, and {@link ModelSource} reads them at run time, so this module depends on no jar that
 * holds them. With the service jar they are used as directories: {@code bin/nlp-stream models export DIR} writes
 * each one in the HF Optimum layout.
 */
public enum BuiltInModel {
    /** sentence-transformers all-MiniLM-L6-v2, int8, from the LangChain4j jar: 384-dim, mean pooling, 256 tokens. */
    ALL_MINILM_L6_V2_Q("all-MiniLM-L6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            null, null, OptionalInt.of(256)),
    DEMO_SENTIMENT("demo-sentiment", "sentiment"),
    DEMO_MODERATION("demo-moderation", "moderation"),
    DEMO_NER("demo-ner", "ner"),
    DEMO_QA("demo-qa", "qa");

    private static final String DEMO_ROOT = "io/nlpstream/tools/models/demo/";

    /** What to run to get every built-in model as a directory. */
    public static final String EXPORT_COMMAND = "bin/nlp-stream models export DIR";

    private final String modelName;
    private final String modelResource;
    private final String tokenizerResource;
    private final String configResource;
    private final String tokenizerConfigResource;
    private final OptionalInt maxLength;

    BuiltInModel(String modelName, String demoFolder) {
        this(modelName, DEMO_ROOT + demoFolder + "/model.onnx", DEMO_ROOT + demoFolder + "/tokenizer.json",
                DEMO_ROOT + demoFolder + "/config.json", DEMO_ROOT + demoFolder + "/tokenizer_config.json",
                OptionalInt.empty());
    }

    BuiltInModel(String modelName, String modelResource, String tokenizerResource, String configResource,
                 String tokenizerConfigResource, OptionalInt maxLength) {
        this.modelName = modelName;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.configResource = configResource;
        this.tokenizerConfigResource = tokenizerConfigResource;
        this.maxLength = maxLength;
    }

    /** The name to load it by, e.g. {@code demo-sentiment}. */
    public String modelName() {
        return modelName;
    }

    public String modelResource() {
        return modelResource;
    }

    public String tokenizerResource() {
        return tokenizerResource;
    }

    /** {@code null} when the model ships without one. */
    public String configResource() {
        return configResource;
    }

    /** {@code null} when the model ships without one. */
    public String tokenizerConfigResource() {
        return tokenizerConfigResource;
    }

    /** A token limit fixed by the model's training recipe rather than its config. */
    public OptionalInt maxLength() {
        return maxLength;
    }

    /** Matches names case-insensitively. */
    public static Optional<BuiltInModel> byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.modelName.toLowerCase(Locale.ROOT).equals(key)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(BuiltInModel::modelName).toList());
    }
}
