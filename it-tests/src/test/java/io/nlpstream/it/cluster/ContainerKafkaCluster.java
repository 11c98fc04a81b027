package io.nlpstream.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.apache.kafka.common.Uuid;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The same cluster shape as {@link InProcessKafkaCluster} (three brokers, one separate controller, KRaft) as Docker
 * containers of the official {@code apache/kafka} image, for machines with a Docker engine. Each broker's client
 * listener is bound to a fixed host port chosen at start, so a stopped and restarted container keeps its address.
 */
public final class ContainerKafkaCluster implements KafkaCluster {
    private static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:"
            + System.getProperty("nlpstream.it.kafka-image-tag", "4.3.1"));
    private static final int CONTROLLER_ID = 3000;
    private static final int BROKERS = 3;
    private static final int INTERNAL_PORT = 9092;
    private static final int CONTROLLER_PORT = 9093;
    private static final int EXTERNAL_PORT = 9094;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Network network;
    private final GenericContainer<?> controller;
    private final Map<Integer, GenericContainer<?>> brokers;
    private final Map<Integer, Integer> hostPorts;

    private ContainerKafkaCluster(Network network, GenericContainer<?> controller,
                                  Map<Integer, GenericContainer<?>> brokers, Map<Integer, Integer> hostPorts) {
        this.network = network;
        this.controller = controller;
        this.brokers = brokers;
        this.hostPorts = hostPorts;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static ContainerKafkaCluster start() {
        Network network = Network.newNetwork();
        String clusterId = Uuid.randomUuid().toString();
        String voters = CONTROLLER_ID + "@controller:" + CONTROLLER_PORT;
        GenericContainer<?> controller = node("controller", clusterId, network, Map.of(
                "KAFKA_NODE_ID", String.valueOf(CONTROLLER_ID),
                "KAFKA_PROCESS_ROLES", "controller",
                "KAFKA_LISTENERS", "CONTROLLER://0.0.0.0:" + CONTROLLER_PORT,
                "KAFKA_ADVERTISED_LISTENERS", "CONTROLLER://controller:" + CONTROLLER_PORT,
                "KAFKA_CONTROLLER_QUORUM_VOTERS", voters));
        Map<Integer, GenericContainer<?>> brokers = new LinkedHashMap<>();
        Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
        for (int id = 0; id < BROKERS; id++) {
            int hostPort = freePort();
            hostPorts.put(id, hostPort);
            GenericContainer<?> broker = node("broker-" + id, clusterId, network, Map.of(
                    "KAFKA_NODE_ID", String.valueOf(id),
                    "KAFKA_PROCESS_ROLES", "broker",
                    "KAFKA_LISTENERS", "INTERNAL://0.0.0.0:" + INTERNAL_PORT + ",EXTERNAL://0.0.0.0:" + EXTERNAL_PORT,
                    "KAFKA_ADVERTISED_LISTENERS", "INTERNAL://broker-" + id + ":" + INTERNAL_PORT
                            + ",EXTERNAL://localhost:" + hostPort,
                    "KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL",
                    "KAFKA_CONTROLLER_QUORUM_VOTERS", voters));
            // A fixed binding (not a random one) so that a restarted container answers on the same address.
            broker.withCreateContainerCmdModifier(cmd -> {
                cmd.withExposedPorts(ExposedPort.tcp(EXTERNAL_PORT));
                cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), ExposedPort.tcp(EXTERNAL_PORT)));
            });
            brokers.put(id, broker);
        }
        ContainerKafkaCluster cluster = new ContainerKafkaCluster(network, controller, brokers, hostPorts);
        try {
            controller.start();
            brokers.values().parallelStream().forEach(GenericContainer::start);
            for (int id : brokers.keySet()) {
                cluster.awaitBrokerVisible(id, START_TIMEOUT);
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static GenericContainer<?> node(String name, String clusterId, Network network, Map<String, String> own) {
        Map<String, String> env = new HashMap<>();
        env.put("CLUSTER_ID", clusterId);
        env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT");
        BrokerSettings.ALL.forEach((key, value) -> env.put(environmentName(key), value));
        env.putAll(own);
        @SuppressWarnings("resource") // closed with the cluster
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withNetwork(network)
                .withNetworkAliases(name)
                .withEnv(env)
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(START_TIMEOUT));
        return container;
    }

    /** The image maps {@code KAFKA_A_B} to the property {@code a.b}. */
    private static String environmentName(String property) {
        return "KAFKA_" + property.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    @Override
    public String bootstrapServers() {
        return hostPorts.values().stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    @Override
    public String description() {
        return "Testcontainers KRaft cluster (" + IMAGE + "): " + BROKERS + " broker containers, 1 controller";
    }

    @Override
    public List<Integer> brokerIds() {
        return new ArrayList<>(brokers.keySet());
    }

    @Override
    public void stopBroker(int id) {
        // docker stop: SIGTERM, so the broker shuts down cleanly like the in-process one; the container stays.
        DockerClientFactory.instance().client().stopContainerCmd(container(id).getContainerId())
                .withTimeout(60).exec();
    }

    @Override
    public void startBroker(int id) {
        DockerClientFactory.instance().client().startContainerCmd(container(id).getContainerId()).exec();
        awaitBrokerVisible(id, START_TIMEOUT);
    }

    private GenericContainer<?> container(int id) {
        GenericContainer<?> broker = brokers.get(id);
        if (broker == null) {
            throw new IllegalArgumentException("no broker " + id + " (brokers: " + brokers.keySet() + ")");
        }
        return broker;
    }

    @Override
    public void close() {
        brokers.values().forEach(GenericContainer::stop);
        controller.stop();
        network.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
