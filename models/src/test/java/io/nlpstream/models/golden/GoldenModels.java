package io.nlpstream.models.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.models.tokenize.TextTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** TEST-ONLY: the fixture models of FIXTURES.md and the MiniLM model from the LangChain4j jar, off the classpath. */
final class GoldenModels {
    private GoldenModels() {
    }

    record Fixture(TextTokenizer tokenizer, OrtHarness harness, List<String> labels, boolean multiLabel) {
        void close() {
            tokenizer.close();
            try {
                harness.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close session", e);
            }
        }
    }

    static Fixture open(String name) {
        try {
            if (name.equals("all-minilm-l6-v2-q")) {
                return new Fixture(TextTokenizer.fromFile(copy("/all-minilm-l6-v2-q-tokenizer.json")),
                        new OrtHarness(bytes("/all-minilm-l6-v2-q.onnx")), List.of(), false);
            }
            String dir = "/io/nlpstream/models/demo/" + name + "/";
            JsonNode config = new ObjectMapper().readTree(bytes(dir + "config.json"));
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < config.path("id2label").size(); i++) {
                labels.add(config.get("id2label").get(String.valueOf(i)).asText());
            }
            boolean multiLabel = "multi_label_classification".equals(config.path("problem_type").asText());
            return new Fixture(TextTokenizer.fromFile(copy(dir + "tokenizer.json")),
                    new OrtHarness(bytes(dir + "model.onnx")), labels, multiLabel);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open fixture " + name, e);
        }
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = GoldenModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + resource);
            }
            return in.readAllBytes();
        }
    }

    private static Path copy(String resource) {
        try (InputStream in = GoldenModels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + resource);
            }
            Path file = Files.createTempFile("tokenizer", ".json");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
