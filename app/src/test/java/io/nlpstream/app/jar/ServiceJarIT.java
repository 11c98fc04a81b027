package io.nlpstream.app.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The packaged service jar ({@code target/nlp-stream.jar}, after {@code package}) holds the service and nothing the
 * tools module brings: no Kafka broker, no Scala, no DJL engine, no LangChain4j, no built-in models.
 */
class ServiceJarIT {
    private static final Path JAR = Path.of("target", "nlp-stream.jar");

    /**
     * Where the tools' dependencies keep their classes: the broker (Scala, package kafka; and the Java modules it runs
     * on), Scala itself, DJL's ONNX Runtime engine, LangChain4j, and the tools module with its built-in models. Kafka's
     * own jars carry no META-INF/maven entries, so packages are what can be checked. (DJL's api jar, ai/djl/..., stays:
     * the HF tokenizers binding is built on it.)
     */
    static final List<String> TOOLS_ONLY = List.of("kafka/server/", "scala/", "org/apache/kafka/metadata/",
            "org/apache/kafka/raft/", "org/apache/kafka/storage/internals/", "org/apache/kafka/coordinator/",
            "org/apache/kafka/controller/", "org/apache/kafka/image/", "org/apache/kafka/server/purgatory/",
            "ai/djl/onnxruntime/", "dev/langchain4j/", "io/nlpstream/tools/", "all-minilm-l6-v2-q");

    @Test
    void holdsNoBrokerScalaDjlEngineLangChain4jOrBuiltInModels() throws IOException {
        assertThat(JAR).as("the service jar; mvn package builds it").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            for (String expected : List.of("io/nlpstream/app/", "io/nlpstream/topology/", "io/nlpstream/models/",
                    "io/nlpstream/schemas/", "org/apache/kafka/streams/", "ai/onnxruntime/")) {
                assertThat(names).as("entries under %s", expected).anyMatch(n -> n.startsWith(expected));
            }
            for (String prefix : TOOLS_ONLY) {
                assertThat(names).as("entries under %s", prefix).noneMatch(n -> n.startsWith(prefix));
            }
            // The clients keep only their version files under kafka/; classes there are the broker's.
            assertThat(names).noneMatch(n -> n.startsWith("kafka/") && n.endsWith(".class"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.nlpstream.app.NlpStreamCli");
        }
        assertThat(Files.size(JAR)).as("bytes").isPositive();
    }
}
