package io.nlpstream.app.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.nlpstream.topology.EnrichmentSettings;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must hold before Kafka Streams starts, checked against the cluster ({@link ClusterChecks}): every pipeline's
 * dead-letter topic and every topic its decisions route to exist and this service may write them; the output, route
 * and dead-letter topics accept the largest record their pipeline writes; under exactly-once, the brokers allow the
 * transaction timeout the batch settings need. Each
 * failure stops start-up with a {@link ServiceStartException} of one sentence. A cluster that does not answer in
 * time stops nothing: the service starts (Kafka Streams waits for the cluster) after one WARN saying what was not
 * checked, and the dead-letter topics are watched while it runs ({@link DeadLetterTopicWatch}).
 */
final class StartupChecks {
    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {
    }

    static void run(ClusterChecks checks, EnrichmentSettings settings, Properties streamsProperties) {
        List<String> problems = new ArrayList<>();
        try {
            Map<String, String> deadLetters = checks.unavailableDeadLetterTopics(settings);
            problems.addAll(deadLetters.values());
            problems.addAll(checks.unavailableRouteTopics(settings).values());
            problems.addAll(checks.topicsTooSmallForTheirRecords(settings));
            if (StreamsConfig.EXACTLY_ONCE_V2.equals(String.valueOf(
                    streamsProperties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)))) {
                Object timeout = streamsProperties.get(StreamsConfig.producerPrefix(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
                if (timeout != null) {
                    checks.transactionTimeoutTooLong(settings, Long.parseLong(timeout.toString().trim()))
                            .ifPresent(problems::add);
                }
            }
        } catch (AuthenticationException e) {
            // SASL credentials or the TLS handshake: nothing will work, and Kafka's message holds no secret.
            throw new ServiceStartException("cannot start: Kafka rejected the service's authentication ("
                    + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + "); check kafka.sasl.* and "
                    + "the security settings in kafka.properties.*.", e);
        } catch (ClusterChecks.NoAnswer e) {
            LOG.warn("Topics and transaction limits not checked before start ({}); starting anyway.",
                    e.getMessage());
            return;
        }
        if (problems.size() > 1) {
            problems.forEach(problem -> LOG.error("{}", problem));
        }
        if (!problems.isEmpty()) {
            String first = problems.get(0);
            throw new ServiceStartException("cannot start: " + Character.toLowerCase(first.charAt(0))
                    + first.substring(1) + (problems.size() > 1 ? " (" + (problems.size() - 1) + " more in the log)"
                    : ""), null);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
