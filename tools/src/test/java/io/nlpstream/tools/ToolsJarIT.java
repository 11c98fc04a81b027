package io.nlpstream.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;

import io.nlpstream.models.load.BuiltInModel;
import org.junit.jupiter.api.Test;

/** The packaged tools jar ({@code target/nlp-stream-tools.jar}) runs every command and holds every built-in model. */
class ToolsJarIT {
    private static final Path JAR = Path.of("target", "nlp-stream-tools.jar");

    @Test
    void holdsTheToolsTheServiceAndEveryBuiltInModel() throws IOException {
        assertThat(JAR).as("the tools jar; mvn package builds it").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Set<String> names = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(NlpStreamToolsCli.class.getName());
            assertThat(names).contains("io/nlpstream/app/NlpStreamCli.class", "kafka/server/KafkaRaftServer.class",
                    "ai/djl/onnxruntime/engine/OrtEngine.class");
            // What the service jar must not hold is here, so that check looks in the right places.
            for (String prefix : List.of("kafka/server/", "scala/", "org/apache/kafka/metadata/",
                    "org/apache/kafka/raft/", "org/apache/kafka/storage/internals/", "org/apache/kafka/coordinator/",
                    "org/apache/kafka/controller/", "org/apache/kafka/image/", "org/apache/kafka/server/purgatory/",
                    "ai/djl/onnxruntime/", "dev/langchain4j/", "io/nlpstream/tools/", "all-minilm-l6-v2-q")) {
                assertThat(names).as("entries under %s", prefix).anyMatch(n -> n.startsWith(prefix));
            }
            for (BuiltInModel model : BuiltInModel.values()) {
                assertThat(names).as(model.modelName()).contains(model.modelResource(), model.tokenizerResource());
            }
        }
    }
}
