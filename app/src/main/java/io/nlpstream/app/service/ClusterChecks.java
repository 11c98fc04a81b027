package io.nlpstream.app.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.nlpstream.topology.EnrichmentSettings;
import io.nlpstream.topology.PipelineSettings;
import io.nlpstream.topology.StreamsConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the service asks the cluster about the topics it writes and the transactions it opens, each problem as one
 * sentence an operator can act on. Used before Kafka Streams starts ({@link StartupChecks}) and, for the dead-letter
 * topics, while it runs ({@link DeadLetterTopicWatch}).
 */
final class ClusterChecks {
    /** The brokers' config that caps {@code transaction.timeout.ms}. */
    static final String TRANSACTION_MAX_TIMEOUT = "transaction.max.timeout.ms";

    private final Admin admin;
    private final Duration timeout;

    /** The cluster gave no answer in time (or refused to give one): nothing can be concluded. */
    static final class NoAnswer extends Exception {
        NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    ClusterChecks(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * The dead-letter topics that are missing or that this service may not write, each with the sentence saying so
     * and naming the pipelines that use it; empty when all are fine.
     */
    Map<String, String> unavailableDeadLetterTopics(EnrichmentSettings settings) throws NoAnswer {
        Map<String, List<String>> pipelines = new LinkedHashMap<>();
        for (PipelineSettings p : settings.pipelines()) {
            pipelines.computeIfAbsent(p.deadLetterTopic(), t -> new ArrayList<>()).add(p.name());
        }
        return unavailable(pipelines, "dead-letter topic");
    }

    /**
     * The topics decisions route to (pipelines[].decisions.actions[].topic) that are missing or not writable, one
     * sentence each: Kafka Streams does not create them, and a record routed to a missing topic would fail its
     * transaction.
     */
    Map<String, String> unavailableRouteTopics(EnrichmentSettings settings) throws NoAnswer {
        Map<String, List<String>> pipelines = new LinkedHashMap<>();
        for (PipelineSettings p : settings.pipelines()) {
            for (String topic : p.decisions().routeTopics()) {
                pipelines.computeIfAbsent(topic, t -> new ArrayList<>()).add(p.name());
            }
        }
        return pipelines.isEmpty() ? Map.of() : unavailable(pipelines, "route topic");
    }

    private Map<String, String> unavailable(Map<String, List<String>> pipelines, String role) throws NoAnswer {
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(pipelines.keySet(),
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(timeoutMs()))
                .topicNameValues();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : pipelines.entrySet()) {
            String topic = entry.getKey();
            String of = role + " '" + topic + "' (pipeline" + (entry.getValue().size() > 1 ? "s " : " ")
                    + String.join(", ", entry.getValue()) + ")";
            try {
                TopicDescription description = get(descriptions.get(topic), "describe topic " + topic);
                Set<AclOperation> allowed = description.authorizedOperations();
                if (allowed != null && !allowed.contains(AclOperation.WRITE) && !allowed.contains(AclOperation.ALL)) {
                    problems.put(topic, "The " + of + " is not writable by this service (its principal lacks WRITE"
                            + " on the topic).");
                }
            } catch (UnknownTopicOrPartitionException e) {
                problems.put(topic, "The " + of + " does not exist.");
            } catch (TopicAuthorizationException e) {
                problems.put(topic, "The " + of + " is not visible to this service (its principal lacks DESCRIBE and"
                        + " WRITE on the topic).");
            }
        }
        return problems;
    }

    /**
     * Output, route and dead-letter topics whose {@code max.message.bytes} is below the largest record their pipeline
     * writes ({@code limits.max-event-bytes} + 16384), one sentence each. Topics that do not exist are skipped (their
     * own check says so).
     */
    List<String> topicsTooSmallForTheirRecords(EnrichmentSettings settings) throws NoAnswer {
        Map<String, Integer> needed = new LinkedHashMap<>();
        Map<String, String> roles = new LinkedHashMap<>();
        for (PipelineSettings p : settings.pipelines()) {
            int bytes = p.limits().maxRecordBytes();
            needed.merge(p.outputTopic(), bytes, Math::max);
            needed.merge(p.deadLetterTopic(), bytes, Math::max);
            roles.putIfAbsent(p.outputTopic(), "output topic '" + p.outputTopic() + "' of pipeline " + p.name());
            roles.putIfAbsent(p.deadLetterTopic(), "dead-letter topic '" + p.deadLetterTopic() + "' of pipeline "
                    + p.name());
            for (String route : p.decisions().routeTopics()) {
                needed.merge(route, bytes, Math::max);
                roles.putIfAbsent(route, "route topic '" + route + "' of pipeline " + p.name());
            }
        }
        List<ConfigResource> resources = needed.keySet().stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, KafkaFuture<Config>> configs = admin.describeConfigs(resources,
                new DescribeConfigsOptions().timeoutMs(timeoutMs())).values();
        List<String> problems = new ArrayList<>();
        for (ConfigResource resource : resources) {
            Config config;
            try {
                config = get(configs.get(resource), "describe the configs of topic " + resource.name());
            } catch (UnknownTopicOrPartitionException | TopicAuthorizationException e) {
                continue;
            }
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || entry.value() == null) {
                continue;
            }
            long accepted = Long.parseLong(entry.value());
            int wanted = needed.get(resource.name());
            if (accepted < wanted) {
                problems.add("The " + roles.get(resource.name()) + " accepts records up to " + accepted
                        + " bytes (max.message.bytes), less than the " + wanted + " bytes the pipeline may write"
                        + " (limits.max-event-bytes + 16384): raise the topic's max.message.bytes or lower the"
                        + " limit.");
            }
        }
        return problems;
    }

    /**
     * Whether the brokers allow the transaction timeout the batch settings need; a sentence saying what to change
     * when they do not. Empty when they do, or when this service may not read the brokers' configs.
     */
    Optional<String> transactionTimeoutTooLong(EnrichmentSettings settings, long transactionTimeoutMs)
            throws NoAnswer {
        Collection<Node> nodes = get(admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs()))
                .nodes(), "describe the cluster");
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                Integer.toString(nodes.iterator().next().id()));
        Config config;
        try {
            config = get(admin.describeConfigs(List.of(broker), new DescribeConfigsOptions().timeoutMs(timeoutMs()))
                    .values().get(broker), "describe a broker's configs");
        } catch (ClusterAuthorizationException e) {
            return Optional.empty();
        }
        ConfigEntry entry = config.get(TRANSACTION_MAX_TIMEOUT);
        if (entry == null || entry.value() == null) {
            return Optional.empty();
        }
        long brokerMax = Long.parseLong(entry.value());
        if (transactionTimeoutMs <= brokerMax) {
            return Optional.empty();
        }
        return Optional.of("The transaction timeout of " + transactionTimeoutMs + " ms that the batch settings need"
                + " (3 x the longest batch.max-wait + batch.timeout, " + StreamsConfigs.longestFlush(settings)
                .toMillis() + " ms) exceeds the brokers' " + TRANSACTION_MAX_TIMEOUT + " of " + brokerMax
                + " ms: bring every pipeline's batch.max-wait + batch.timeout down to at most " + brokerMax / 3
                + " ms, or raise " + TRANSACTION_MAX_TIMEOUT + " on the brokers.");
    }

    private int timeoutMs() {
        return (int) timeout.toMillis();
    }

    /**
     * The future's value; the Kafka exception it failed with, rethrown as is (callers catch the ones that are
     * answers); {@link NoAnswer} when the cluster did not answer in time.
     */
    private <T> T get(KafkaFuture<T> future, String what) throws NoAnswer {
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer("interrupted while trying to " + what, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new NoAnswer("Kafka did not answer within " + timeout.toSeconds() + " s when asked to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new NoAnswer("Kafka did not answer within " + timeout.toSeconds() + " s when asked to " + what,
                        cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new NoAnswer("Kafka failed to " + what + ": " + cause, cause);
        }
    }
}
