package io.nlpstream.tools.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nlpstream.models.load.BuiltInModel;

/**
 * Writes a built-in model out of the tools jar as a directory in the HF Optimum layout ({@code model.onnx},
 * {@code tokenizer.json}, and {@code config.json} / {@code tokenizer_config.json} where it has them), so the service
 * jar, the container images and tools that load directories (DJL) use it like any exported model. A directory loads
 * exactly as the built-in does: same graph (same version), same labels, same token limit (a built-in's fixed limit
 * is written as the tokenizer config's {@code model_max_length}).
 */
public final class BuiltInModelExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BuiltInModelExport() {
    }

    /**
     * Writes {@code model} to {@code parent/<its name>}, replacing files of an earlier export.
     *
     * @return the model's directory
     * @throws UncheckedIOException when a file cannot be written or a resource of the model is not on the classpath
     */
    public static Path export(BuiltInModel model, Path parent) {
        Path dir = parent.resolve(model.modelName());
        try {
            Files.createDirectories(dir);
            copy(model.modelResource(), dir.resolve("model.onnx"));
            copy(model.tokenizerResource(), dir.resolve("tokenizer.json"));
            if (model.configResource() != null) {
                copy(model.configResource(), dir.resolve("config.json"));
            }
            writeTokenizerConfig(model, dir.resolve("tokenizer_config.json"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the built-in model '" + model.modelName() + "' to " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    private static void writeTokenizerConfig(BuiltInModel model, Path target) throws IOException {
        if (model.maxLength().isEmpty()) {
            if (model.tokenizerConfigResource() != null) {
                copy(model.tokenizerConfigResource(), target);
            }
            return;
        }
        ObjectNode config = model.tokenizerConfigResource() == null ? JSON.createObjectNode()
                : (ObjectNode) JSON.readTree(read(model.tokenizerConfigResource()));
        config.put("model_max_length", model.maxLength().getAsInt());
        JSON.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), config);
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = open(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = BuiltInModelExport.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("classpath resource " + resource + " is missing (is this the tools jar?)");
        }
        return in;
    }
}
