package io.nlpstream.models.load;

import io.nlpstream.models.ModelLoadException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model's files, checked and ready to open: either a directory in the HF Optimum layout or a built-in on the
 * classpath (its tokenizer copied to a temporary file, since tokenizers load from files).
 *
 * <p>Accepted directory layouts: {@code model.onnx} beside {@code tokenizer.json} (what {@code optimum-cli export
 * onnx} writes), or {@code onnx/model.onnx} under a folder holding {@code tokenizer.json} (the Hub's layout).
 * {@code config.json} and {@code tokenizer_config.json} are optional.
 *
 * @param modelFile     the graph on disk, or {@code null} for a classpath model
 * @param modelBytes    the graph's bytes for a classpath model, or {@code null}
 * @param tokenizerFile {@code tokenizer.json}
 * @param temporary     a file to delete when the model closes, or {@code null}
 * @param version       the first 12 hex digits of the graph's SHA-256
 * @param fixedMaxLength a built-in's token limit, overriding the config's
 */
public record ModelSource(String defaultName, Path modelFile, byte[] modelBytes, Path tokenizerFile, Path temporary,
                          ModelConfig config, String version, OptionalInt fixedMaxLength) {

    /** Resolves a built-in name or a directory; fails with one sentence naming what is wrong. */
    public static ModelSource resolve(String nameOrDirectory) {
        Optional<BuiltInModel> builtIn = BuiltInModel.byName(nameOrDirectory);
        return builtIn.isPresent() ? fromClasspath(builtIn.get()) : fromDirectory(nameOrDirectory);
    }

    static ModelSource fromDirectory(String directory) {
        Path dir = Path.of(directory).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("Model directory '" + dir + "' does not exist (and '" + directory
                    + "' is not a built-in model: " + BuiltInModel.names() + ").");
        }
        String name = dir.getFileName() == null ? directory : dir.getFileName().toString();
        Path model = dir.resolve("model.onnx");
        if (!Files.exists(model) && Files.exists(dir.resolve("onnx").resolve("model.onnx"))) {
            model = dir.resolve("onnx").resolve("model.onnx");
        }
        if (!Files.isRegularFile(model)) {
            throw new ModelLoadException("Model directory '" + dir + "' has no model.onnx; export one with"
                    + " 'optimum-cli export onnx --model <hub-id> --task <task> " + dir + "'.");
        }
        if (!Files.isReadable(model)) {
            throw new ModelLoadException("Model file '" + model + "' cannot be read.");
        }
        Path tokenizer = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new ModelLoadException("Model directory '" + dir + "' has no tokenizer.json (the fast tokenizer"
                    + " that Optimum exports beside model.onnx).");
        }
        if (!Files.isReadable(tokenizer)) {
            throw new ModelLoadException("Tokenizer file '" + tokenizer + "' cannot be read.");
        }
        ModelConfig config = ModelConfig.parse(readOptional(dir.resolve("config.json")),
                readOptional(dir.resolve("tokenizer_config.json")), name);
        return new ModelSource(name, model, null, tokenizer, null, config, fileVersion(model), OptionalInt.empty());
    }

    static ModelSource fromClasspath(BuiltInModel builtIn) {
        String name = builtIn.modelName();
        byte[] model = resource(builtIn.modelResource(), name);
        byte[] tokenizer = resource(builtIn.tokenizerResource(), name);
        ModelConfig config = ModelConfig.parse(
                builtIn.configResource() == null ? null : resource(builtIn.configResource(), name),
                builtIn.tokenizerConfigResource() == null ? null : resource(builtIn.tokenizerConfigResource(), name),
                name);
        Path tokenizerFile;
        try {
            tokenizerFile = Files.createTempFile("nlp-stream-" + name + "-", "-tokenizer.json");
            tokenizerFile.toFile().deleteOnExit();
            Files.write(tokenizerFile, tokenizer);
        } catch (IOException e) {
            throw new ModelLoadException("Built-in model '" + name + "' cannot copy its tokenizer to a temporary"
                    + " file: " + e.getMessage() + ".", e);
        }
        return new ModelSource(name, null, model, tokenizerFile, tokenizerFile, config, bytesVersion(model),
                builtIn.maxLength());
    }

    private static byte[] resource(String path, String name) {
        ClassLoader loader = ModelSource.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw notOnThisClasspath(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ModelLoadException("Built-in model '" + name + "' cannot read its classpath resource '"
                    + path + "': " + e.getMessage() + ".", e);
        }
    }

    /** The one sentence for a built-in name used where the built-ins are not (the service jar). */
    static ModelLoadException notOnThisClasspath(String name) {
        return new ModelLoadException("'" + name + "' is a built-in model, and built-in models ship only in the tools"
                + " jar (tools/target/nlp-stream-tools.jar, which bin/nlp-stream runs), not in the service jar; to use"
                + " it here, export the built-ins as directories with '" + BuiltInModel.EXPORT_COMMAND + "' and set"
                + " the model's path to DIR/" + name + ".");
    }

    private static byte[] readOptional(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("File '" + file + "' cannot be read: " + e.getMessage() + ".", e);
        }
    }

    private static String fileVersion(Path model) {
        MessageDigest digest = sha256();
        // Streamed: graphs can be hundreds of megabytes.
        try (InputStream in = new DigestInputStream(Files.newInputStream(model), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ModelLoadException("Model file '" + model + "' cannot be read: " + e.getMessage() + ".", e);
        }
        return shortHex(digest.digest());
    }

    private static String bytesVersion(byte[] model) {
        return shortHex(sha256().digest(model));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String shortHex(byte[] hash) {
        return HexFormat.of().formatHex(hash, 0, 6);
    }
}
