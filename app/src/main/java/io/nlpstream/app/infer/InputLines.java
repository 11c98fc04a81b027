package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads one JSONL input line into a JSON object and its fields, with the checks users get as error lines.
 * Thread-safe (the mapper is only read).
 */
final class InputLines {
    private final ObjectMapper mapper;

    InputLines(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The line as a JSON object; a blank line, malformed JSON or a non-object is an {@link InvalidLineException}. */
    JsonNode parseObject(String line) throws InvalidLineException {
        if (line.isBlank()) {
            throw new InvalidLineException("empty line");
        }
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidLineException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidLineException("expected a JSON object, got " + kind(node));
        }
        return node;
    }

    /** The string field {@code name}; missing, null or non-string values are an {@link InvalidLineException}. */
    static String requireString(JsonNode object, String name) throws InvalidLineException {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new InvalidLineException("missing field '" + name + "'");
        }
        if (!value.isTextual()) {
            throw new InvalidLineException("field '" + name + "' must be a string, got " + kind(value));
        }
        return value.textValue();
    }

    /** The string field {@code name}, {@code null} when absent or null; any other value is an error. */
    static String optionalString(JsonNode object, String name) throws InvalidLineException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidLineException("field '" + name + "' must be a string, got " + kind(value));
        }
        return value.textValue();
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
