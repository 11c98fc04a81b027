package io.nlpstream.it.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A three-broker KRaft cluster the scenarios run against, whichever way it is hosted: in this JVM
 * ({@link InProcessKafkaCluster}, the default) or in Docker containers ({@link ContainerKafkaCluster}). The scenarios
 * only see brokers they can stop and start and a bootstrap address that survives both.
 */
public interface KafkaCluster extends AutoCloseable {
    /** Every topic a scenario creates and every internal topic: a write survives one broker down. */
    short REPLICATION_FACTOR = 3;
    int MIN_INSYNC_REPLICAS = 2;
    Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    /** Which implementation runs, from {@code -Dnlpstream.it.cluster}. */
    enum Kind {
        IN_PROCESS, CONTAINERS, AUTO;

        static Kind fromProperty(String value) {
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    String bootstrapServers();

    /** One line for the log: what runs where. */
    String description();

    List<Integer> brokerIds();

    /** Stops one broker (a clean shutdown); its address stays reserved for {@link #startBroker}. */
    void stopBroker(int id);

    /** Starts a stopped broker on its old address and waits until the cluster sees it again. */
    void startBroker(int id);

    @Override
    void close();

    /**
     * Starts the cluster chosen by {@code -Dnlpstream.it.cluster}: {@code auto} (the default: containers where a
     * Docker engine answers, else in-process), {@code in-process} or {@code containers}.
     */
    static KafkaCluster start(Path workDir) {
        Logger log = LoggerFactory.getLogger(KafkaCluster.class);
        Kind kind = Kind.fromProperty(System.getProperty("nlpstream.it.cluster"));
        if (kind == Kind.AUTO) {
            kind = ContainerKafkaCluster.dockerAvailable() ? Kind.CONTAINERS : Kind.IN_PROCESS;
            log.info("nlpstream.it.cluster=auto: {}", kind == Kind.CONTAINERS ? "a Docker engine answers, using "
                    + "containers" : "no Docker engine, using the in-process cluster");
        }
        KafkaCluster cluster = kind == Kind.CONTAINERS
                ? ContainerKafkaCluster.start()
                : InProcessKafkaCluster.start(workDir.resolve("kafka"));
        log.info("Kafka cluster for the integration tests: {} on {}", cluster.description(),
                cluster.bootstrapServers());
        return cluster;
    }

    default Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
    }

    /** Creates topics (replication factor 3, min.insync.replicas 2 unless a topic says otherwise); existing ones stay. */
    default void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("topics not created within " + ADMIN_TIMEOUT, e);
        }
    }

    /** A topic as the scenarios create them: replicated three times, writable with one broker down. */
    static NewTopic topic(String name, int partitions) {
        return topic(name, partitions, Map.of());
    }

    /** The same with further topic configs ({@code cleanup.policy}, {@code max.message.bytes}). */
    static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        Map<String, String> all = new HashMap<>(configs);
        all.putIfAbsent("min.insync.replicas", String.valueOf(MIN_INSYNC_REPLICAS));
        return new NewTopic(name, partitions, REPLICATION_FACTOR).configs(all);
    }

    /** Waits until clients see broker {@code id} in the cluster metadata again (registered and unfenced). */
    default void awaitBrokerVisible(int id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream().mapToInt(Node::id)
                            .anyMatch(n -> n == id)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException retry) {
                    // no broker may be up yet; ask again
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("broker " + id + " did not rejoin within " + timeout);
    }

    /** True when every partition of every topic has all its replicas in sync (after a broker came back). */
    default boolean fullyReplicated() {
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return topics.values().stream().flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.leader() != null && p.isr().size() == p.replicas().size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
