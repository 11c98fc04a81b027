package io.nlpstream.models.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.models.ModelLoadException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What the runtime needs from a model's {@code config.json} and {@code tokenizer_config.json}; every field is
 * optional there.
 *
 * @param labels                 {@code id2label} ordered by id; empty when absent
 * @param problemType            {@code problem_type}, or {@code null}
 * @param maxPositionEmbeddings  {@code max_position_embeddings}, or empty
 * @param modelMaxLength         {@code model_max_length} of the tokenizer config, or empty (tokenizers without a
 *                               limit write a huge number, read as empty)
 * @param hiddenSize             {@code hidden_size}, or empty
 */
public record ModelConfig(List<String> labels, String problemType, OptionalInt maxPositionEmbeddings,
                          OptionalInt modelMaxLength, OptionalInt hiddenSize) {

    public static final ModelConfig EMPTY =
            new ModelConfig(List.of(), null, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelConfig {
        labels = List.copyOf(labels);
    }

    /**
     * @param config          {@code config.json} bytes, or {@code null} when absent
     * @param tokenizerConfig {@code tokenizer_config.json} bytes, or {@code null} when absent
     * @param modelName       for messages
     */
    public static ModelConfig parse(byte[] config, byte[] tokenizerConfig, String modelName) {
        JsonNode root = read(config, "config.json", modelName);
        JsonNode tokenizer = read(tokenizerConfig, "tokenizer_config.json", modelName);
        return new ModelConfig(labels(root.path("id2label"), modelName),
                root.path("problem_type").isTextual() ? root.path("problem_type").asText() : null,
                positiveInt(root.path("max_position_embeddings")),
                positiveInt(tokenizer.path("model_max_length")),
                positiveInt(root.path("hidden_size")));
    }

    public boolean multiLabel() {
        return "multi_label_classification".equals(problemType);
    }

    private static JsonNode read(byte[] bytes, String file, String modelName) {
        if (bytes == null) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ModelLoadException("Model '" + modelName + "' has a " + file + " that is not a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ModelLoadException("Model '" + modelName + "' has a " + file + " that is not valid JSON: "
                    + e.getOriginalMessage() + ".", e);
        } catch (IOException e) {
            throw new ModelLoadException("Model '" + modelName + "' has a " + file + " that cannot be read: "
                    + e.getMessage() + ".", e);
        }
    }

    private static List<String> labels(JsonNode id2label, String modelName) {
        if (!id2label.isObject() || id2label.isEmpty()) {
            return List.of();
        }
        Map<Integer, String> byId = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = id2label.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            try {
                byId.put(Integer.parseInt(field.getKey().trim()), field.getValue().asText());
            } catch (NumberFormatException e) {
                throw new ModelLoadException("Model '" + modelName + "' has an id2label key '" + field.getKey()
                        + "' that is not an integer.");
            }
        }
        List<String> labels = new ArrayList<>(byId.size());
        int expected = 0;
        for (Map.Entry<Integer, String> entry : byId.entrySet()) {
            if (entry.getKey() != expected++) {
                throw new ModelLoadException("Model '" + modelName + "' has id2label ids " + byId.keySet()
                        + " that do not run 0.." + (byId.size() - 1) + ".");
            }
            labels.add(entry.getValue());
        }
        return labels;
    }

    private static OptionalInt positiveInt(JsonNode node) {
        if (!node.isNumber()) {
            return OptionalInt.empty();
        }
        double value = node.asDouble();
        return value >= 1 && value <= Integer.MAX_VALUE ? OptionalInt.of((int) value) : OptionalInt.empty();
    }
}
