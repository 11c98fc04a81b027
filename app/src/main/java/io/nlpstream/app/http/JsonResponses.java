package io.nlpstream.app.http;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.nlpstream.app.infer.InferJson;

/** JSON bodies written by the controllers themselves, so the output is exactly the pipelines' JSON. */
final class JsonResponses {
    static final ObjectMapper JSON = InferJson.mapper();

    private JsonResponses() {
    }

    static HttpResponse<String> ok(String json) {
        return HttpResponse.ok(json).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    static HttpResponse<String> ok(Object value) {
        return ok(write(value));
    }

    /** {@code {"error": message}} with the status. */
    static MutableHttpResponse<String> error(HttpStatus status, String message) {
        return HttpResponse.<String>status(status).body(write(java.util.Map.of("error", message)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
