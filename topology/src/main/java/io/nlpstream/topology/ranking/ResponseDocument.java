package io.nlpstream.topology.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One response-base value: {@code {"text": "...", "metadata": {"k": "v"}}} ({@code metadata} optional). */
public record ResponseDocument(String text, Map<String, String> metadata) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ResponseDocument {
        metadata = Map.copyOf(metadata);
    }

    /** @throws InvalidResponseException when the bytes are not such a document or the text is blank */
    public static ResponseDocument parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new InvalidResponseException("response is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidResponseException("response must be a JSON object");
        }
        JsonNode text = root.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new InvalidResponseException("response needs a non-blank string 'text'");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = root.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new InvalidResponseException("response 'metadata' must be an object");
            }
            meta.fields().forEachRemaining(e -> metadata.put(e.getKey(),
                    e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        }
        return new ResponseDocument(text.asText(), metadata);
    }
}
