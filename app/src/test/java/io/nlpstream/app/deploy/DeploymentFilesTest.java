package io.nlpstream.app.deploy;

import static io.nlpstream.app.deploy.RepositoryFiles.at;
import static io.nlpstream.app.deploy.RepositoryFiles.listAt;
import static io.nlpstream.app.deploy.RepositoryFiles.mapAt;
import static io.nlpstream.app.deploy.RepositoryFiles.resolve;
import static io.nlpstream.app.deploy.RepositoryFiles.text;
import static io.nlpstream.app.deploy.RepositoryFiles.yamlDocuments;
import static io.nlpstream.app.deploy.RepositoryFiles.yamlMap;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Static checks of {@code docker/} and {@code deploy/}: there is no Docker engine or cluster in the build, so the
 * files are parsed and cross-checked against each other and against what the app module declares (port, health
 * and Prometheus paths, metric names, configuration placeholders).
 */
class DeploymentFilesTest {

    private static final String[] DEPLOY_DIRS = {"docker", "deploy"};
    private static final Path STATEFULSET = resolve("deploy/base/statefulset.yaml");
    private static final Path COMPOSE = resolve("docker/docker-compose.yml");
    /** Where the images hold the built-in models, exported by the tools jar at build time. */
    private static final String IMAGE_BUILT_IN_MODELS = "/opt/nlp-stream/built-in-models";
    private static final Path DOCKERFILE = resolve("docker/Dockerfile");
    private static final Path DOCKERFILE_GPU = resolve("docker/Dockerfile.gpu");
    private static final Path DASHBOARD = resolve("deploy/grafana/nlp-stream-dashboard.json");
    private static final Path RULES = resolve("deploy/prometheus/nlp-stream-alerts.yml");
    private static final Path PROMETHEUS_RULE = resolve("deploy/components/monitoring/prometheusrule.yaml");
    private static final Path OVERLAY_CPU = resolve("deploy/overlays/cpu/kustomization.yaml");
    private static final Path OVERLAY_GPU = resolve("deploy/overlays/gpu/kustomization.yaml");
    private static final Path GPU_PATCH = resolve("deploy/overlays/gpu/gpu-resources.yaml");
    private static final Path BASE_KUSTOMIZATION = resolve("deploy/base/kustomization.yaml");
    private static final Path DEPLOY_CONFIG = resolve("deploy/base/config");

    /** Environment variables consumed by the JVM, Micronaut itself, the images' scripts or Kubernetes. */
    private static final Set<String> PLATFORM_ENV = Set.of("JDK_JAVA_OPTIONS", "MICRONAUT_CONFIG_FILES",
            "MICRONAUT_ENVIRONMENTS", "MICRONAUT_SERVER_HOST", "MICRONAUT_SERVER_PORT", "ENDPOINTS_ALL_PORT", "POD_NAME",
            "JAVA_HOME", "PATH", "LANG", "NVIDIA_VISIBLE_DEVICES", "NVIDIA_DRIVER_CAPABILITIES");

    /** Series Prometheus itself produces for every scrape target. */
    private static final Set<String> PROMETHEUS_SYNTHETIC = Set.of("up");

    private static final Pattern SENSITIVE_KEY = Pattern.compile(
            "(?i).*(password|passwd|secret|token(?!s)|credential|user[-_.]?info|api[-_.]?key|jaas|private[-_.]?key).*");
    /** Keys whose values name a Secret or a key in one, never the secret itself. */
    private static final Set<String> REFERENCE_KEYS = Set.of("secretName", "secretKeyRef", "secretTargetRef",
            "secretRef", "name", "key", "parameter");
    /** Keys whose values say where a secret file is mounted ({@code API_KEYS_FILE}), never the secret itself. */
    private static final Pattern FILE_LOCATION_KEY = Pattern.compile("(?i).*[-_.]file");
    private static final Pattern ENV_PLACEHOLDER_ONLY = Pattern.compile("\\$\\{[A-Z0-9_]+}");

    @Test
    void everyYamlFileParses() {
        List<Path> files = RepositoryFiles.yamlFiles(DEPLOY_DIRS);
        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            assertThat(yamlDocuments(f)).as("documents in %s", f).isNotEmpty();
        }
    }

    @Test
    void everyKubernetesObjectHasApiVersionKindAndName() {
        Set<String> kinds = new TreeSet<>();
        for (Path f : RepositoryFiles.yamlFiles("deploy")) {
            for (Object doc : yamlDocuments(f)) {
                if (!(doc instanceof Map<?, ?> map) || !(map.containsKey("kind") || map.containsKey("apiVersion"))) {
                    continue; // app configuration, rules files, JSON patches
                }
                assertThat(map.get("apiVersion")).as("apiVersion in %s", f).isInstanceOf(String.class);
                assertThat(map.get("kind")).as("kind in %s", f).isInstanceOf(String.class);
                String kind = (String) map.get("kind");
                kinds.add(kind);
                if (!kind.equals("Kustomization") && !kind.equals("Component")) {
                    assertThat(at(map, "metadata", "name")).as("metadata.name of %s in %s", kind, f)
                            .isInstanceOf(String.class).asString().isNotBlank();
                }
            }
        }
        assertThat(kinds).contains("StatefulSet", "Service", "PodDisruptionBudget", "ServiceAccount",
                "ScaledObject", "TriggerAuthentication", "PrometheusRule", "ServiceMonitor");
    }

    @Test
    void kustomizationsReferenceOnlyExistingFiles() {
        List<Path> kustomizations = RepositoryFiles.files(resolve("deploy"), "kustomization.yaml");
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(6);
        for (Path k : kustomizations) {
            Map<String, Object> doc = yamlMap(k);
            Path dir = k.getParent();
            List<String> refs = new ArrayList<>();
            listAt(doc, "resources").forEach(r -> refs.add((String) r));
            listAt(doc, "components").forEach(r -> refs.add((String) r));
            listAt(doc, "patches").forEach(p -> {
                Object path = at(p, "path");
                if (path != null) {
                    refs.add((String) path);
                }
            });
            for (Object gen : listAt(doc, "configMapGenerator")) {
                listAt(gen, "files").forEach(f -> {
                    String s = (String) f;
                    refs.add(s.contains("=") ? s.substring(s.indexOf('=') + 1) : s);
                });
            }
            for (String ref : refs) {
                Path target = dir.resolve(ref).normalize();
                assertThat(Files.exists(target)).as("%s references %s", k, ref).isTrue();
                if (Files.isDirectory(target)) {
                    assertThat(target.resolve("kustomization.yaml")).as("%s references a directory", k).exists();
                }
            }
        }
    }

    @Test
    void httpPortIsTheAppsPortEverywhere() {
        int port = AppContract.httpPort();
        String portText = String.valueOf(port);

        Map<String, Object> app = yamlMap(DEPLOY_CONFIG.resolve("application.yml"));
        assertThat(AppContract.placeholderDefault(String.valueOf(at(app, "micronaut", "server", "port"))))
                .as("deploy application.yml micronaut.server.port").isEqualTo(portText);
        int management = Integer.parseInt(AppContract.placeholderDefault(String.valueOf(at(app, "endpoints", "all",
                "port"))));
        assertThat(management).as("the management port is not the API's").isNotEqualTo(port);

        for (Path dockerfile : List.of(DOCKERFILE, DOCKERFILE_GPU)) {
            String df = text(dockerfile);
            assertThat(df).as(dockerfile.toString()).containsPattern("(?m)^EXPOSE\\s+" + port + "\\s+" + management
                    + "\\b").contains("MICRONAUT_SERVER_PORT=" + port).contains("ENDPOINTS_ALL_PORT=" + management);
        }

        Map<String, Object> service = composeService("nlp-stream");
        assertThat(listAt(service, "ports")).as("compose ports").anySatisfy(p ->
                assertThat(String.valueOf(p)).endsWith(":" + port));
        String scrapeTargets = String.valueOf(listAt(yamlMap(resolve("docker/prometheus/prometheus.yml")),
                "scrape_configs"));
        assertThat(scrapeTargets).contains("nlp-stream:" + management);
        assertThat(text(resolve("docker/healthcheck.sh"))).contains("${ENDPOINTS_ALL_PORT:-" + management + "}");

        Map<String, Object> container = appContainer(statefulSet());
        assertThat(listAt(container, "ports")).extracting(p -> at(p, "name") + ":" + at(p, "containerPort"))
                .containsExactly("http:" + port, "management:" + management);
        List<Object> services = yamlDocuments(resolve("deploy/base/services.yaml"));
        assertThat(listAt(services.get(0), "spec", "ports")).extracting(p -> at(p, "port") + "->" + at(p, "targetPort"))
                .containsExactly(port + "->http", management + "->management");
        assertThat(listAt(services.get(1), "spec", "ports")).singleElement().satisfies(p -> {
            assertThat(at(p, "port")).isEqualTo(port);
            assertThat(at(p, "targetPort")).isEqualTo("http");
        });
        Map<String, Object> monitor = yamlMap(resolve("deploy/components/monitoring/servicemonitor.yaml"));
        assertThat(listAt(monitor, "spec", "endpoints"))
                .allSatisfy(e -> assertThat(at(e, "port")).isEqualTo("management"));
    }

    @Test
    void composePublishesEveryPortOnLoopbackOnly() {
        Map<String, Object> services = mapAt(yamlMap(resolve("docker/docker-compose.yml")), "services");
        services.forEach((name, service) -> listAt(service, "ports").forEach(p ->
                assertThat(String.valueOf(p)).as("port of %s", name).startsWith("127.0.0.1:")));
    }

    @Test
    void probesAndHealthchecksUseTheAppsHealthEndpoints() {
        Map<String, Object> container = appContainer(statefulSet());
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo(AppContract.livenessPath());
        assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo(AppContract.livenessPath());
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo(AppContract.readinessPath());
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(at(container, probe, "httpGet", "port")).as(probe).isEqualTo("management");
        }

        for (Path dockerfile : List.of(DOCKERFILE, DOCKERFILE_GPU)) {
            assertThat(healthcheckLine(text(dockerfile))).as("HEALTHCHECK in %s", dockerfile)
                    .contains("\"" + AppContract.readinessPath() + "\"");
        }
        assertThat(String.valueOf(at(composeService("nlp-stream"), "healthcheck", "test")))
                .contains(AppContract.readinessPath());

        String scrapePath = String.valueOf(at(listAt(yamlMap(resolve("docker/prometheus/prometheus.yml")),
                "scrape_configs").get(0), "metrics_path"));
        assertThat(scrapePath).isEqualTo(AppContract.prometheusPath());
        Map<String, Object> monitor = yamlMap(resolve("deploy/components/monitoring/servicemonitor.yaml"));
        assertThat(listAt(monitor, "spec", "endpoints"))
                .allSatisfy(e -> assertThat(at(e, "path")).isEqualTo(AppContract.prometheusPath()));
    }

    @Test
    void imagesAreConsistentAcrossDockerfilesComposeAndManifests() {
        String kafkaVersion = parentPomProperty("kafka.version");
        assertThat(at(composeService("kafka"), "image")).isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(at(composeService("kafka-init"), "image")).isEqualTo("apache/kafka:" + kafkaVersion);

        String composeImage = (String) at(composeService("nlp-stream"), "image");
        assertThat(at(composeService("nlp-stream"), "build", "dockerfile")).isEqualTo("docker/Dockerfile");
        String imageName = composeImage.substring(0, composeImage.indexOf(':'));
        String imageTag = composeImage.substring(composeImage.indexOf(':') + 1);
        assertThat(imageTag).isEqualTo(parentPomVersion().replace("-SNAPSHOT", ""));

        assertThat(at(appContainer(statefulSet()), "image")).isEqualTo(composeImage);
        for (Path overlay : List.of(OVERLAY_CPU, OVERLAY_GPU)) {
            assertThat(listAt(yamlMap(overlay), "images")).as("images in %s", overlay).singleElement()
                    .satisfies(i -> {
                        assertThat(at(i, "name")).isEqualTo(imageName);
                        assertThat(at(i, "newTag")).isEqualTo(imageTag);
                    });
        }
        assertThat((String) at(listAt(yamlMap(OVERLAY_CPU), "images").get(0), "newName")).endsWith("/" + imageName);
        assertThat((String) at(listAt(yamlMap(OVERLAY_GPU), "images").get(0), "newName"))
                .endsWith("/" + imageName + "-gpu");

        assertThat(text(DOCKERFILE)).contains("ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17")
                .contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre")
                .contains("FROM ${MAVEN_IMAGE} AS build").contains("FROM ${RUNTIME_IMAGE}")
                .contains("dependency:go-offline");
        assertThat(text(DOCKERFILE_GPU)).containsPattern("ARG CUDA_IMAGE=nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-ubuntu")
                .contains("-Pgpu").contains("FROM ${CUDA_IMAGE}").contains("FROM ${JRE_IMAGE} AS jre");
    }

    @Test
    void dockerfilesRunAsNonRootWithHealthcheckJvmFlagsAndVolumes() {
        for (Path dockerfile : List.of(DOCKERFILE, DOCKERFILE_GPU)) {
            String df = text(dockerfile);
            List<String> users = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(df);
            while (m.find()) {
                users.add(m.group(1));
            }
            assertThat(users).as("USER in %s", dockerfile).isNotEmpty();
            String finalUser = users.get(users.size() - 1).split(":")[0];
            assertThat(finalUser).as("final USER in %s", dockerfile).isNotIn("root", "0");
            assertThat(df.lastIndexOf("USER ")).as("USER after the last FROM in %s", dockerfile)
                    .isGreaterThan(df.lastIndexOf("\nFROM "));
            assertThat(healthcheckLine(df)).as("HEALTHCHECK in %s", dockerfile).isNotEmpty();
            assertThat(df).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError")
                    .containsPattern("VOLUME \\[\"/var/lib/nlp-stream/state\", \"/opt/nlp-stream/models\"]")
                    .contains("COPY docker/healthcheck.sh /opt/nlp-stream/bin/healthcheck");
        }
        assertThat(resolve("docker/healthcheck.sh")).isExecutable();
        assertThat(resolve("docker/produce-sample.sh")).isExecutable();

        Map<String, Object> pod = mapAt(statefulSet(), "spec", "template", "spec");
        assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(at(pod, "securityContext", "runAsUser")).isEqualTo(10001);
        assertThat(text(DOCKERFILE)).contains("USER 10001:10001");
        String stateMount = listAt(appContainer(statefulSet()), "volumeMounts").stream()
                .filter(v -> "state".equals(at(v, "name"))).map(v -> (String) at(v, "mountPath")).findFirst()
                .orElseThrow();
        assertThat(stateMount).isEqualTo("/var/lib/nlp-stream/state");
        assertThat(listAt(statefulSet(), "spec", "volumeClaimTemplates"))
                .anySatisfy(t -> assertThat(at(t, "metadata", "name")).isEqualTo("state"));
    }

    @Test
    void dockerfilesCopyOnlyWhatTheRepositoryHasAndEveryModulePom() {
        Pattern copy = Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s+\\S+\\s*$");
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(text(resolve("pom.xml")));
        List<String> modulePoms = new ArrayList<>();
        while (modules.find()) {
            modulePoms.add(modules.group(1) + "/pom.xml");
        }
        assertThat(modulePoms).isNotEmpty();
        for (Path dockerfile : List.of(DOCKERFILE, DOCKERFILE_GPU)) {
            Matcher m = copy.matcher(text(dockerfile));
            List<String> sources = new ArrayList<>();
            while (m.find()) {
                sources.add(m.group(1));
                assertThat(resolve(m.group(1))).as("COPY source in %s", dockerfile).exists();
            }
            // Maven needs every module's pom to load the reactor, even for -pl tools -am.
            assertThat(sources).as("poms copied by %s", dockerfile).contains("pom.xml").containsAll(modulePoms);
        }
    }

    @Test
    void imagesShipTheServiceJarAndTheBuiltInModelsTheContainerConfigurationLoads() {
        String serviceJar = "app/target/" + modulePomProperty("app", "shaded.name") + ".jar";
        String toolsJar = "tools/target/" + modulePomProperty("tools", "shaded.name") + ".jar";
        Pattern export = Pattern.compile("java -jar " + Pattern.quote(toolsJar) + " models export (\\S+)");
        for (Path dockerfile : List.of(DOCKERFILE, DOCKERFILE_GPU)) {
            String df = text(dockerfile);
            assertThat(df).as("%s builds both jars", dockerfile).containsPattern("mvn -B -q (-Pgpu )?-pl tools -am package");
            assertThat(df).contains("cp " + serviceJar + " /nlp-stream.jar")
                    .contains("COPY --from=build /nlp-stream.jar /opt/nlp-stream/nlp-stream.jar")
                    .contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/nlp-stream/nlp-stream.jar\"]");
            Matcher m = export.matcher(df);
            assertThat(m.find()).as("%s exports the built-in models with the tools jar", dockerfile).isTrue();
            assertThat(df).contains("COPY --from=build " + m.group(1) + " " + IMAGE_BUILT_IN_MODELS);
        }
        List<String> paths = new ArrayList<>();
        Matcher path = Pattern.compile("(?m)^\\s+path:\\s*(\\S+)\\s*$").matcher(text(resolve("deploy/base/config/application.yml")));
        while (path.find()) {
            paths.add(path.group(1));
        }
        assertThat(paths).as("model paths of the container configuration").hasSize(5)
                .allSatisfy(p -> assertThat(p).startsWith(IMAGE_BUILT_IN_MODELS + "/"));
        // The models volume is mounted over /opt/nlp-stream/models: the built-ins must not live under it.
        assertThat(IMAGE_BUILT_IN_MODELS).doesNotStartWith("/opt/nlp-stream/models");
    }

    private static String modulePomProperty(String module, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(text(resolve(module + "/pom.xml")));
        assertThat(m.find()).as("property %s in %s/pom.xml", name, module).isTrue();
        return m.group(1).trim();
    }

    @Test
    void resourcesAndDisruptionBudgetAreSet() {
        Map<String, Object> container = appContainer(statefulSet());
        for (String kind : List.of("requests", "limits")) {
            assertThat(mapAt(container, "resources", kind)).as(kind).containsKeys("cpu", "memory");
        }
        Map<String, Object> pdb = yamlMap(resolve("deploy/base/pdb.yaml"));
        assertThat(mapAt(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(mapAt(statefulSet(), "spec", "selector", "matchLabels"));
        assertThat(at(statefulSet(), "spec", "serviceName")).isEqualTo("nlp-stream-headless");
        List<Object> services = yamlDocuments(resolve("deploy/base/services.yaml"));
        assertThat(services).anySatisfy(s -> {
            assertThat(at(s, "metadata", "name")).isEqualTo("nlp-stream-headless");
            assertThat(at(s, "spec", "clusterIP")).isEqualTo("None");
        });
    }

    @Test
    void gpuOverlayRequestsAGpuAndTheCudaProvider() {
        Map<String, Object> patch = yamlMap(GPU_PATCH);
        Map<String, Object> container = appContainer(patch);
        assertThat(at(container, "resources", "limits", "nvidia.com/gpu")).isEqualTo(1);
        List<String> literals = generatorLiterals(yamlMap(OVERLAY_GPU), "nlp-stream-env");
        assertThat(literals).contains("MODELS_SESSION_PROVIDER=cuda");
        assertThat(text(DOCKERFILE_GPU)).contains("MODELS_SESSION_PROVIDER=cuda");
    }

    /**
     * One scheme: every variable the deployment files set is a configuration key's own variable (the key
     * upper-cased, '.' and '-' as '_', as docs/configuration.md lists them) or a variable a shipped configuration
     * file reads in a placeholder (credentials inside a JAAS line, file locations), or the platform's.
     */
    @Test
    void everyEnvironmentVariableSetIsReadByTheConfiguration() {
        Set<String> read = new TreeSet<>();
        List<Path> configs = new ArrayList<>(RepositoryFiles.files(DEPLOY_CONFIG, ".yml"));
        configs.addAll(RepositoryFiles.files(resolve("deploy/components"), ".yml"));
        configs.add(AppContract.applicationYml());
        configs.forEach(c -> read.addAll(AppContract.placeholderNames(text(c))));
        List<String> keyVariables = io.nlpstream.app.config.ConfigurationKeys.load().all().stream()
                .map(io.nlpstream.app.config.ConfigurationKey::environmentVariable).filter(v -> !v.isEmpty())
                .toList();

        Map<String, Path> set = new TreeMap<>();
        for (Path k : RepositoryFiles.files(resolve("deploy"), "kustomization.yaml")) {
            for (Object gen : listAt(yamlMap(k), "configMapGenerator")) {
                if ("nlp-stream-env".equals(at(gen, "name"))) {
                    listAt(gen, "literals").forEach(l -> set.put(((String) l).split("=", 2)[0], k));
                }
            }
        }
        for (Path manifest : List.of(STATEFULSET, GPU_PATCH)) {
            listAt(appContainer(yamlMap(manifest)), "env").forEach(e -> set.put((String) at(e, "name"), manifest));
        }
        mapAt(composeService("nlp-stream"), "environment").keySet().forEach(n -> set.put(n, COMPOSE));
        for (Path dockerfile : List.of(DOCKERFILE, DOCKERFILE_GPU)) {
            Matcher env = Pattern.compile("(?m)(?:^ENV\\s+|^\\s+)([A-Z][A-Z0-9_]*)=").matcher(text(dockerfile));
            while (env.find()) {
                set.put(env.group(1), dockerfile);
            }
        }
        assertThat(set).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "KAFKA_SASL_USERNAME",
                "KAFKA_SASL_PASSWORD", "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "KAFKA_PROPERTIES_SECURITY_PROTOCOL",
                "MODELS_SESSION_PROVIDER");
        Map<String, Path> unread = new TreeMap<>(set);
        unread.keySet().removeIf(name -> PLATFORM_ENV.contains(name) || read.contains(name)
                || keyVariables.stream().anyMatch(v -> v.equals(name) || v.endsWith("<NAME>")
                && name.startsWith(v.substring(0, v.length() - "<NAME>".length()))));
        assertThat(unread).as("variables set but read by no configuration placeholder").isEmpty();
    }

    @Test
    void topicsAndConsumerGroupAgreeAcrossConfigComposeScriptAndKeda() {
        Map<String, Object> config = yamlMap(DEPLOY_CONFIG.resolve("application.yml"));
        Set<String> topics = new TreeSet<>();
        List<String> inputs = new ArrayList<>();
        for (Object pipeline : listAt(config, "pipelines")) {
            listAt(pipeline, "inputs").forEach(i -> inputs.add((String) at(i, "topic")));
            topics.add((String) at(pipeline, "output"));
            topics.add((String) at(pipeline, "dead-letter"));
        }
        topics.addAll(inputs);
        String responseBase = (String) at(config, "response-base", "topic");
        String embeddings = (String) at(config, "response-base", "embeddings-topic");
        topics.add(responseBase);
        topics.add(embeddings);
        assertThat(topics).doesNotContainNull().hasSizeGreaterThanOrEqualTo(5);

        String init = String.valueOf(at(composeService("kafka-init"), "command"));
        for (String topic : topics) {
            assertThat(init).as("kafka-init creates %s", topic).contains("--topic " + topic + " ");
        }
        for (String compacted : List.of(responseBase, embeddings)) {
            assertThat(init).containsPattern("--topic " + Pattern.quote(compacted) + " [^\\n]*cleanup.policy=compact");
        }

        String script = text(resolve("docker/produce-sample.sh"));
        assertThat(script).contains("NLPSTREAM_INPUT_TOPIC:-" + inputs.get(0) + "}")
                .contains("NLPSTREAM_RESPONSE_BASE_TOPIC:-" + responseBase + "}");

        String applicationId = AppContract.placeholderDefault(String.valueOf(at(config, "kafka", "application-id")));
        Map<String, Object> scaled = yamlDocuments(resolve("deploy/components/autoscaling/scaledobject.yaml")).stream()
                .map(d -> RepositoryFiles.mapAt(d)).filter(d -> "ScaledObject".equals(d.get("kind"))).findFirst()
                .orElseThrow();
        Object trigger = listAt(scaled, "spec", "triggers").get(0);
        assertThat(at(trigger, "metadata", "consumerGroup")).isEqualTo(applicationId);
        assertThat(inputs).contains((String) at(trigger, "metadata", "topic"));
        assertThat(String.valueOf(at(trigger, "metadata", "bootstrapServers"))).isEqualTo(
                literalsValue(generatorLiterals(yamlMap(BASE_KUSTOMIZATION), "nlp-stream-env"),
                        "KAFKA_BOOTSTRAP_SERVERS").get(0));
    }

    @Test
    void composeMountsAndBuildsOnlyWhatExists() {
        int binds = 0;
        for (Map.Entry<String, Object> service : mapAt(yamlMap(COMPOSE), "services").entrySet()) {
            for (Object volume : listAt(service.getValue(), "volumes")) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".")) {
                    binds++;
                    assertThat(COMPOSE.getParent().resolve(source).normalize())
                            .as("bind mount of service %s", service.getKey()).exists();
                }
            }
            Object context = at(service.getValue(), "build", "context");
            if (context != null) {
                Path dir = COMPOSE.getParent().resolve((String) context).normalize();
                assertThat(dir.resolve((String) at(service.getValue(), "build", "dockerfile"))).exists();
            }
        }
        assertThat(binds).isGreaterThanOrEqualTo(5);
        String appMount = String.valueOf(listAt(composeService("nlp-stream"), "volumes"));
        assertThat(appMount).contains("../deploy/base/config/application.yml:/etc/nlp-stream/application.yml");
    }

    @Test
    void everyListedConfigFileIsInTheConfigMap() {
        Set<String> mounted = new TreeSet<>();
        for (Path k : RepositoryFiles.files(resolve("deploy"), "kustomization.yaml")) {
            for (Object gen : listAt(yamlMap(k), "configMapGenerator")) {
                if ("nlp-stream-config".equals(at(gen, "name"))) {
                    listAt(gen, "files").forEach(f -> mounted.add("/etc/nlp-stream/" + Path.of((String) f).getFileName()));
                }
            }
        }
        String mountPath = listAt(appContainer(statefulSet()), "volumeMounts").stream()
                .filter(v -> "config".equals(at(v, "name"))).map(v -> (String) at(v, "mountPath")).findFirst()
                .orElseThrow();
        assertThat(mountPath).isEqualTo("/etc/nlp-stream");
        int lists = 0;
        for (Path k : RepositoryFiles.files(resolve("deploy"), "kustomization.yaml")) {
            List<String> files = literalsValue(generatorLiterals(yamlMap(k), "nlp-stream-env"), "MICRONAUT_CONFIG_FILES");
            lists += files.isEmpty() ? 0 : 1;
            assertThat(mounted).as("config files listed in %s", k).containsAll(files);
        }
        assertThat(lists).isGreaterThanOrEqualTo(2);
        assertThat(String.valueOf(mapAt(composeService("nlp-stream"), "environment").get("MICRONAUT_CONFIG_FILES")))
                .isEqualTo("/etc/nlp-stream/application.yml");
    }

    @Test
    void credentialsAreSecretReferencesOnly() {
        Map<String, Object> container = appContainer(statefulSet());
        for (Object e : listAt(container, "env")) {
            String name = (String) at(e, "name");
            if (SENSITIVE_KEY.matcher(name).matches() || name.endsWith("_USERNAME")) {
                assertThat(at(e, "value")).as("%s has a literal value", name).isNull();
                assertThat(at(e, "valueFrom", "secretKeyRef", "name")).as("%s from a Secret", name).isNotNull();
            }
        }
        List<String> configFiles = literalsValue(generatorLiterals(yamlMap(BASE_KUSTOMIZATION),
                "nlp-stream-env"), "MICRONAUT_CONFIG_FILES");
        assertThat(configFiles).contains("/etc/nlp-stream/kafka-sasl.yml", "/etc/nlp-stream/kafka-tls.yml",
                "/etc/nlp-stream/schema-registry-auth.yml", "/etc/nlp-stream/schema-registry-tls.yml");
        assertThat(generatorLiterals(yamlMap(BASE_KUSTOMIZATION), "nlp-stream-env"))
                .contains("KAFKA_PROPERTIES_SECURITY_PROTOCOL=SASL_SSL");
        assertThat(text(DEPLOY_CONFIG.resolve("kafka-sasl.yml")))
                .contains("${KAFKA_SASL_USERNAME}").contains("${KAFKA_SASL_PASSWORD}");
        assertThat(text(DEPLOY_CONFIG.resolve("schema-registry-auth.yml")))
                .contains("${SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO}");
    }

    @Test
    void noLiteralSecretAnywhere() {
        List<Path> files = new ArrayList<>(RepositoryFiles.files(resolve("docker")));
        files.addAll(RepositoryFiles.files(resolve("deploy")));
        files.add(resolve("docs/deploy.md"));
        Pattern privateKey = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
        Pattern inlineCredential = Pattern.compile(
                "(?i)(password|secret|token)\\s*=\\s*\"(?!\\$\\{)[^\"\\s]+\"|(?i)(_PASSWORD|_TOKEN|_SECRET)=(?!\\$)\\S+");
        for (Path f : files) {
            String t = text(f);
            assertThat(privateKey.matcher(t).find()).as("private key in %s", f).isFalse();
            assertThat(inlineCredential.matcher(t).find()).as("inline credential in %s: %s", f,
                    inlineCredential.matcher(t).results().map(java.util.regex.MatchResult::group).toList()).isFalse();
        }
        for (Path f : RepositoryFiles.yamlFiles(DEPLOY_DIRS)) {
            for (Object doc : yamlDocuments(f)) {
                assertThat(at(doc, "kind")).as("a Secret object in %s", f).isNotEqualTo("Secret");
                RepositoryFiles.eachMap(doc, map -> map.forEach((k, v) -> {
                    String key = String.valueOf(k);
                    if (v instanceof String value && !value.isBlank() && SENSITIVE_KEY.matcher(key).matches()
                            && !REFERENCE_KEYS.contains(key) && !FILE_LOCATION_KEY.matcher(key).matches()) {
                        if (key.toLowerCase(java.util.Locale.ROOT).contains("jaas")) {
                            // A JAAS line is structure around credentials: every quoted option is a placeholder.
                            assertThat(value.replaceAll("\\$\\{[^}]*}", "")).as("%s in %s", key, f)
                                    .doesNotContainPattern("=\\s*\"[^\"]+\"");
                        } else {
                            assertThat(value).as("%s in %s", key, f).matches(ENV_PLACEHOLDER_ONLY);
                        }
                    }
                }));
            }
        }
    }

    @Test
    void prometheusRuleCarriesTheSharedRulesAndTheRequiredAlerts() {
        Map<String, Object> rules = yamlMap(RULES);
        Map<String, Object> rule = yamlMap(PROMETHEUS_RULE);
        assertThat(at(rule, "spec", "groups")).isEqualTo(rules.get("groups"));
        List<String> alerts = new ArrayList<>();
        for (Object group : listAt(rules, "groups")) {
            for (Object r : listAt(group, "rules")) {
                alerts.add((String) at(r, "alert"));
                assertThat(at(r, "expr")).as("expr of %s", at(r, "alert")).isInstanceOf(String.class);
                assertThat(mapAt(r, "labels")).containsKey("severity");
                assertThat(mapAt(r, "annotations")).containsKeys("summary", "description");
            }
        }
        assertThat(alerts).containsExactlyInAnyOrder("NlpStreamDeadLetterRateHigh", "NlpStreamConsumerLagHigh",
                "NlpStreamInferenceLatencyP99High", "NlpStreamNotReady", "NlpStreamModelOnCpuInsteadOfCuda");
    }

    @Test
    void dashboardIsProvisionedFromTheSharedFile() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dash.path("uid").asText()).isNotBlank();
        assertThat(dash.path("title").asText()).isNotBlank();
        assertThat(dash.path("panels").size()).isGreaterThanOrEqualTo(8);
        for (JsonNode panel : dash.path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.path("targets").size()).as("targets of %s", panel.path("title")).isPositive();
                assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            }
        }
        assertThat(String.valueOf(listAt(composeService("grafana"), "volumes")))
                .contains("../deploy/grafana/nlp-stream-dashboard.json");
        assertThat(String.valueOf(listAt(composeService("prometheus"), "volumes")))
                .contains("../deploy/prometheus/nlp-stream-alerts.yml");
        for (Path overlay : List.of(OVERLAY_CPU, OVERLAY_GPU)) {
            assertThat(listAt(yamlMap(overlay), "components")).contains("../../grafana",
                    "../../components/monitoring", "../../components/autoscaling");
        }
    }

    @Test
    void dashboardAndAlertsUseOnlyMetricsTheAppExports() throws Exception {
        Set<String> declared = AppContract.declaredMetricNames();
        assertThat(declared).as("nlpstream.* meters the app module declares").isNotEmpty();

        Map<String, Set<String>> used = new LinkedHashMap<>();
        JsonNode dash = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dash.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                used.computeIfAbsent("panel " + panel.path("title").asText(), x -> new TreeSet<>())
                        .addAll(PromQlMetrics.metricNames(target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dash.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode q = variable.path("query");
                String query = q.isTextual() ? q.asText() : q.path("query").asText();
                used.computeIfAbsent("variable " + variable.path("name").asText(), x -> new TreeSet<>())
                        .addAll(PromQlMetrics.variableQueryMetrics(query));
            }
        }
        for (Object group : listAt(yamlMap(RULES), "groups")) {
            for (Object r : listAt(group, "rules")) {
                used.computeIfAbsent("alert " + at(r, "alert"), x -> new TreeSet<>())
                        .addAll(PromQlMetrics.metricNames((String) at(r, "expr")));
            }
        }
        Set<String> all = new TreeSet<>();
        used.values().forEach(all::addAll);
        assertThat(all).as("metrics used").hasSizeGreaterThanOrEqualTo(5);
        used.forEach((where, names) -> {
            assertThat(names).as("%s uses metrics", where).isNotEmpty();
            for (String name : names) {
                assertThat(PROMETHEUS_SYNTHETIC.contains(name) || AppContract.exports(declared, name))
                        .as("%s uses %s; the app declares %s", where, name, declared).isTrue();
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Map<String, Object> statefulSet() {
        return yamlMap(STATEFULSET);
    }

    private static Map<String, Object> appContainer(Map<String, Object> workload) {
        return listAt(workload, "spec", "template", "spec", "containers").stream()
                .filter(c -> "nlp-stream".equals(at(c, "name")))
                .map(c -> mapAt(c))
                .findFirst().orElseThrow(() -> new AssertionError("no nlp-stream container"));
    }

    private static Map<String, Object> composeService(String name) {
        Map<String, Object> service = mapAt(yamlMap(COMPOSE), "services", name);
        assertThat(service).as("compose service %s", name).isNotEmpty();
        return service;
    }

    private static List<String> generatorLiterals(Map<String, Object> kustomization, String name) {
        for (Object gen : listAt(kustomization, "configMapGenerator")) {
            if (name.equals(at(gen, "name"))) {
                return listAt(gen, "literals").stream().map(String.class::cast).toList();
            }
        }
        return List.of();
    }

    private static List<String> literalsValue(List<String> literals, String name) {
        return literals.stream().filter(l -> l.startsWith(name + "="))
                .flatMap(l -> List.of(l.substring(name.length() + 1).split(",")).stream()).toList();
    }

    private static String healthcheckLine(String dockerfile) {
        Matcher m = Pattern.compile("(?ms)^HEALTHCHECK\\b.*?CMD (\\[[^\\n]*])").matcher(dockerfile);
        return m.find() ? m.group(1) : "";
    }

    private static String parentPomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(text(resolve("pom.xml")));
        assertThat(m.find()).as("property %s in the parent pom", name).isTrue();
        return m.group(1).trim();
    }

    private static String parentPomVersion() {
        Matcher m = Pattern.compile("</artifactId>\\s*<version>([^<]+)</version>").matcher(text(resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1).trim();
    }
}
