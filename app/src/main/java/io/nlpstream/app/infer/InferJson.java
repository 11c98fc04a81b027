package io.nlpstream.app.infer;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON writer of task results, shared by {@code infer} and {@code POST /v1/{task}} so both print every number
 * with the same digits (the fast writer gives the shortest round-tripping form, which JDK 17's
 * {@code Double.toString} does not always do).
 */
public final class InferJson {
    private InferJson() {
    }

    /** A new mapper; mappers are thread-safe once configured, so callers keep one. */
    public static ObjectMapper mapper() {
        return JsonMapper.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    }
}
