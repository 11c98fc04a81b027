package io.nlpstream.app.deploy;

import static io.nlpstream.app.deploy.RepositoryFiles.at;
import static io.nlpstream.app.deploy.RepositoryFiles.listAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.nlpstream.app.testing.CiPreconditions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders the overlays with {@code kubectl kustomize} where kubectl is installed (skipped otherwise: the build does
 * not require it) and checks what a cluster would receive: generated ConfigMaps wired by their hashed names, one
 * namespace, the right image and the GPU request only in the GPU overlay.
 */
class KustomizeRenderTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void overlayRendersIntoOneConsistentNamespace(String overlay) throws Exception {
        List<Map<String, Object>> objects = render("deploy/overlays/" + overlay);

        assertThat(objects).allSatisfy(o -> {
            assertThat(at(o, "apiVersion")).isNotNull();
            assertThat(at(o, "metadata", "name")).isNotNull();
            assertThat(at(o, "metadata", "namespace")).as("namespace of %s", at(o, "metadata", "name"))
                    .isEqualTo("nlp-stream");
        });
        assertThat(objects).extracting(o -> (String) o.get("kind")).contains("StatefulSet", "Service",
                "PodDisruptionBudget", "ConfigMap", "ScaledObject", "TriggerAuthentication", "PrometheusRule",
                "ServiceMonitor", "NetworkPolicy");

        Map<String, Object> sts = only(objects, "StatefulSet");
        Map<String, Object> pod = RepositoryFiles.mapAt(sts, "spec", "template", "spec");
        Map<String, Object> container = RepositoryFiles.mapAt(listAt(pod, "containers").get(0));
        List<String> configMaps = objects.stream().filter(o -> "ConfigMap".equals(o.get("kind")))
                .map(o -> (String) at(o, "metadata", "name")).toList();
        String configVolume = listAt(pod, "volumes").stream().filter(v -> "config".equals(at(v, "name")))
                .map(v -> (String) at(v, "configMap", "name")).findFirst().orElseThrow();
        assertThat(configMaps).contains(configVolume).anyMatch(n -> n.startsWith("nlp-stream-grafana-dashboard"));
        assertThat(configVolume).startsWith("nlp-stream-config-");
        String envMap = (String) at(listAt(container, "envFrom").get(0), "configMapRef", "name");
        assertThat(configMaps).contains(envMap);

        // The API asks for keys whose hashes come from a Secret; the pods are fenced by a NetworkPolicy.
        assertThat(listAt(pod, "volumes")).filteredOn(v -> "api-keys".equals(at(v, "name")))
                .singleElement().satisfies(v -> assertThat(at(v, "secret", "secretName"))
                        .isEqualTo("nlp-stream-api-keys"));
        assertThat(listAt(container, "volumeMounts")).filteredOn(m -> "api-keys".equals(at(m, "name")))
                .singleElement().satisfies(m -> assertThat(at(m, "mountPath")).isEqualTo("/etc/nlp-stream/api-keys"));
        Map<String, Object> policy = only(objects, "NetworkPolicy");
        assertThat(listAt(policy, "spec", "policyTypes")).containsExactly("Ingress", "Egress");
        assertThat(at(policy, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name")).isEqualTo("nlp-stream");
        assertThat(listAt(policy, "spec", "ingress")).extracting(r -> at(listAt(r, "ports").get(0), "port"))
                .containsExactlyInAnyOrder("http", "management");

        String image = (String) container.get("image");
        Object gpu = at(container, "resources", "limits", "nvidia.com/gpu");
        if (overlay.equals("gpu")) {
            assertThat(image).contains("nlp-stream-gpu:");
            assertThat(gpu).isEqualTo(1);
            assertThat(at(only(objects, "ScaledObject"), "spec", "maxReplicaCount")).isEqualTo(3);
            assertThat((String) at(configMapNamed(objects, envMap), "data", "MODELS_SESSION_PROVIDER"))
                    .isEqualTo("cuda");
            // The patch adds to the base's env list instead of replacing it.
            assertThat(listAt(container, "env")).extracting(e -> at(e, "name"))
                    .contains("KAFKA_SASL_PASSWORD", "JDK_JAVA_OPTIONS");
        } else {
            assertThat(image).doesNotContain("-gpu").contains("/nlp-stream:");
            assertThat(gpu).isNull();
        }
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> matches = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertThat(matches).as(kind).hasSize(1);
        return matches.get(0);
    }

    private static Map<String, Object> configMapNamed(List<Map<String, Object>> objects, String name) {
        return objects.stream().filter(o -> "ConfigMap".equals(o.get("kind")))
                .filter(o -> name.equals(at(o, "metadata", "name"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(String dir) throws IOException, InterruptedException {
        Path kubectl = onPath("kubectl");
        CiPreconditions.require(kubectl != null, "kubectl is not on the PATH (.ci/run installs it with apt-get)");
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process p = new ProcessBuilder(kubectl.toString(), "kustomize", RepositoryFiles.resolve(dir).toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
            String rendered = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("kubectl kustomize %s:%n%s", dir, rendered).isZero();
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(rendered)) {
                if (doc != null) {
                    objects.add((Map<String, Object>) doc);
                }
            }
            return objects;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
