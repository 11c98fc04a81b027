package io.nlpstream.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code java -jar nlp-stream.jar infer}: the reference answers for the end-to-end comparison, from the same jar a
 * user would run, one JSON result per input text in input order.
 */
public final class InferCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferCommand() {
    }

    /** Runs {@code infer --task task --model model options...} over {@code texts}; the results in text order. */
    public static List<JsonNode> run(Infrastructure infra, Path dir, String name, List<String> texts, String task,
                                     String model, String... options) {
        Path input = dir.resolve(name + "-in.jsonl");
        Path output = dir.resolve(name + "-out.jsonl");
        try {
            List<String> lines = new ArrayList<>(texts.size());
            for (String text : texts) {
                lines.add(JSON.createObjectNode().put("text", text).toString());
            }
            Files.write(input, lines, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx512m", "-jar", infra.appJar().toString(), "infer", "--task", task, "--model", model,
                    "--input", input.toString(), "--output", output.toString()));
            command.addAll(List.of(options));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve(name + ".log").toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("infer failed; see " + dir.resolve(name + ".log"));
            }
            List<JsonNode> results = new ArrayList<>(texts.size());
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                results.add(JSON.readTree(line));
            }
            if (results.size() != texts.size()) {
                throw new IllegalStateException("infer wrote " + results.size() + " lines for " + texts.size());
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
