package io.nlpstream.tools.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nlpstream.tools.NlpStreamToolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container images' built-in models: the command each Dockerfile runs to export them is a working command of
 * this jar, and it writes every model directory the containers' configuration names (docker builds cannot run
 * here, so the Dockerfiles' own line is run instead, into a temporary directory).
 */
class ImageBuiltInModelsTest {
    private static final Pattern EXPORT = Pattern.compile(
            "java -jar tools/target/nlp-stream-tools\\.jar (models export) (\\S+)");
    private static final Pattern COPY = Pattern.compile("COPY --from=build (\\S+) (\\S+)");
    private static final Pattern MODEL_PATH = Pattern.compile("(?m)^\\s+path:\\s*(\\S+)\\s*$");

    @TempDir
    Path dir;

    @Test
    void eachDockerfilesExportWritesEveryModelTheContainerConfigurationLoads() throws Exception {
        List<String> configured = new ArrayList<>();
        Matcher path = MODEL_PATH.matcher(Files.readString(repositoryFile("deploy/base/config/application.yml")));
        while (path.find()) {
            configured.add(path.group(1));
        }
        assertThat(configured).hasSize(5);
        for (String dockerfile : List.of("docker/Dockerfile", "docker/Dockerfile.gpu")) {
            String text = Files.readString(repositoryFile(dockerfile));
            Matcher export = EXPORT.matcher(text);
            assertThat(export.find()).as("%s exports the built-in models", dockerfile).isTrue();
            String buildDir = export.group(2);
            String imageDir = null;
            Matcher copy = COPY.matcher(text);
            while (copy.find()) {
                if (copy.group(1).equals(buildDir)) {
                    imageDir = copy.group(2);
                }
            }
            assertThat(imageDir).as("%s copies %s into the runtime image", dockerfile, buildDir).isNotNull();

            Path stage = Files.createDirectories(dir.resolve(dockerfile.replace('/', '_')));
            int exit = NlpStreamToolsCli.commandLine().execute(export.group(1).split(" ")[0],
                    export.group(1).split(" ")[1], stage.toString());
            assertThat(exit).as("%s's export command", dockerfile).isZero();
            for (String model : configured) {
                assertThat(model).startsWith(imageDir + "/");
                Path exported = stage.resolve(model.substring(imageDir.length() + 1));
                assertThat(exported.resolve("model.onnx")).as("%s in %s's image", model, dockerfile).isRegularFile();
                assertThat(exported.resolve("tokenizer.json")).isRegularFile();
            }
        }
    }

    static Path repositoryFile(String relative) {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve(relative))) {
            root = root.getParent();
        }
        assertThat(root).as("repository root holding %s", relative).isNotNull();
        return root.resolve(relative);
    }
}
