package io.nlpstream.it.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Three brokers and one separate KRaft controller in this JVM, from Kafka's own {@link KafkaClusterTestKit}
 * (kafka-test-common-runtime, Maven Central). The controller is separate so that "every broker down" still keeps
 * the metadata quorum, as in a production KRaft deployment. A stopped broker restarts on its old port (the test kit
 * re-binds the port it reserved), so clients keep their bootstrap list.
 */
public final class InProcessKafkaCluster implements KafkaCluster {
    private static final int BROKERS = 3;
    private static final Duration BROKER_RETURN_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaClusterTestKit kit;

    private InProcessKafkaCluster(KafkaClusterTestKit kit) {
        this.kit = kit;
    }

    public static InProcessKafkaCluster start(Path baseDir) {
        try {
            Files.createDirectories(baseDir);
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(false)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(BROKERS)
                    .setBaseDirectory(Files.createTempDirectory(baseDir, "cluster-"))
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            BrokerSettings.ALL.forEach(builder::setConfigProp);
            KafkaClusterTestKit kit = builder.build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new InProcessKafkaCluster(kit);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka cluster: " + e.getMessage(), e);
        }
    }

    @Override
    public String bootstrapServers() {
        return kit.bootstrapServers();
    }

    @Override
    public String description() {
        return "in-process KRaft cluster (KafkaClusterTestKit): " + BROKERS + " brokers, 1 controller";
    }

    @Override
    public List<Integer> brokerIds() {
        return List.copyOf(kit.brokers().keySet());
    }

    @Override
    public void stopBroker(int id) {
        BrokerServer broker = broker(id);
        broker.shutdown();
        broker.awaitShutdown();
    }

    @Override
    public void startBroker(int id) {
        broker(id).startup();
        awaitBrokerVisible(id, BROKER_RETURN_TIMEOUT);
    }

    private BrokerServer broker(int id) {
        BrokerServer broker = kit.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException("no broker " + id + " (brokers: " + kit.brokers().keySet() + ")");
        }
        return broker;
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the in-process Kafka cluster", e);
        }
    }
}
