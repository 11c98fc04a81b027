package io.nlpstream.app.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import io.nlpstream.topology.deadletter.DeadLetterReason;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nlp-stream replay}: re-publishes dead letters to their source topics once their cause is fixed, exactly once
 * ({@link DeadLetterReplay}). Exit codes: 0 when done (or dry-run), 1 when it cannot run (one sentence on stderr),
 * 2 for a usage error.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-publishes dead letters to the topic they were read from (original key, value bytes, "
                + "timestamp, headers and partition), exactly once, up to the dead-letter topic's end as it is when "
                + "the replay starts. Run the same command again later to replay only what was dead-lettered since.",
                "Reads the service's configuration (--config files, environment variables) for kafka.bootstrap-servers, "
                        + "kafka.properties.* (security) and the pipelines."})
public final class ReplayCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE.yml", description = "The service's YAML configuration; "
            + "repeatable, later files win.")
    private List<Path> configFiles = new ArrayList<>();

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Replay this pipeline's dead letters: its "
            + "dead-letter topic, only those read from its input topics.")
    private String pipeline;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "The dead-letter topic to read "
            + "(instead of --pipeline's).")
    private String deadLetterTopic;

    @Option(names = "--reason", paramLabel = "REASON", split = ",", description = "Only dead letters with this "
            + "dlq.reason (repeatable or comma-separated), e.g. MODEL_ERROR, REGISTRY_UNAVAILABLE, EVENT_TOO_LARGE.")
    private List<String> reasons = new ArrayList<>();

    @Option(names = "--source-topic", paramLabel = "TOPIC", split = ",", description = "Only dead letters read "
            + "from this topic (repeatable).")
    private List<String> sourceTopics = new ArrayList<>();

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only dead letters written at or after this "
            + "time (ISO-8601, e.g. 2026-12-03T10:00:00Z).")
    private String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Only dead letters written before this time.")
    private String until;

    @Option(names = "--dry-run", description = "Print what would be replayed; write and commit nothing.")
    private boolean dryRun;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Overrides "
            + "kafka.bootstrap-servers.")
    private String bootstrapServers;

    @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group and transactional id "
            + "(default: nlp-stream-replay.<topic>.<hash of the filter>, the same for the same command).")
    private String groupId;

    @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "60", description = "Give up after this "
            + "long without an answer from Kafka (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            ReplayConfig config = ReplayConfig.load(configFiles);
            ReplayConfig.Target target = config.target(pipeline, deadLetterTopic);
            Set<String> sources = new LinkedHashSet<>(sourceTopics);
            if (sources.isEmpty()) {
                sources.addAll(target.sourceTopics());
            }
            DeadLetterFilter filter = new DeadLetterFilter(reasons(), sources, instant("--since", since),
                    instant("--until", until));
            Map<String, Object> clients = new HashMap<>(config.clientConfig());
            if (bootstrapServers != null) {
                clients.put("bootstrap.servers", bootstrapServers);
            }
            DeadLetterReplay replay = new DeadLetterReplay(target.deadLetterTopic(), filter, clients, groupId,
                    Duration.ofSeconds(timeoutSeconds), out);
            DeadLetterReplay.Summary summary = replay.run(dryRun);
            out.println(summary.sentence(dryRun, target.deadLetterTopic()));
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (DeadLetterReplay.ReplayException | ReplayConfig.ConfigException
                 | io.nlpstream.app.config.InvalidConfigurationException e) {
            err.println("nlp-stream replay: " + e.getMessage() + ".");
        } catch (KafkaException e) {
            err.println("nlp-stream replay: Kafka failed: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")")
                    + ". Nothing of the unfinished batch was committed; run the same command again.");
            LOG.debug("Replay failed", e);
        }
        err.flush();
        return 1;
    }

    private Set<DeadLetterReason> reasons() {
        Set<DeadLetterReason> parsed = new LinkedHashSet<>();
        for (String reason : reasons) {
            try {
                parsed.add(DeadLetterReason.valueOf(reason.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--reason " + reason + " is not one of "
                        + java.util.Arrays.toString(DeadLetterReason.values()));
            }
        }
        return parsed;
    }

    private static Optional<Instant> instant(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + value + " is not an ISO-8601 instant such as "
                    + "2026-12-03T10:00:00Z");
        }
    }
}
