package io.nlpstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nlpstream.it.support.AppConfig;
import io.nlpstream.it.support.AppConfig.Input;
import io.nlpstream.it.support.AppConfig.Pipeline;
import io.nlpstream.it.support.AppProcess;
import io.nlpstream.it.support.Corpus;
import io.nlpstream.it.support.EnrichedEvents;
import io.nlpstream.it.support.Infrastructure;
import io.nlpstream.it.support.Outcome;
import io.nlpstream.it.support.Outgoing;
import io.nlpstream.it.support.Poll;
import io.nlpstream.it.support.ScenarioTopics;
import io.nlpstream.it.support.SuiteExtension;
import io.nlpstream.it.support.TopicCollector;
import io.nlpstream.it.support.Traffic;
import io.nlpstream.schemas.avro.EnrichedTextEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code replay} on the real cluster: a pipeline whose metadata limit is too low dead-letters the events with large
 * metadata ({@code EVENT_TOO_LARGE}, original bytes); after the limit is raised and the service restarted, a dry run
 * prints what it would replay and writes nothing, the replay re-publishes exactly those dead letters (key, bytes,
 * headers, partition) and the service enriches each once; running the same replay again replays nothing.
 */
@ExtendWith(SuiteExtension.class)
class ReplayIT {
    private static final String NAME = "replay";
    private static final int VALID = 300;
    private static final int LARGE = 40;
    private static final int LOW_METADATA_LIMIT = 1_024;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, String output) {
        long lines(String prefix) {
            return output.lines().filter(line -> line.startsWith(prefix)).count();
        }
    }

    @Test
    void deadLettersAreReplayedOnceAfterTheCauseIsFixed(Infrastructure infra) {
        Path dir = infra.scenarioDir(NAME);
        ScenarioTopics topics = ScenarioTopics.create(infra, NAME, 3);
        List<String> texts = Corpus.sentences(VALID + LARGE, 11);
        List<Outgoing> valid = Outgoing.jsonEvents(topics.input(), NAME, texts.subList(0, VALID));
        List<Outgoing> large = new ArrayList<>();
        for (int i = 0; i < LARGE; i++) {
            ObjectNode event = JSON.createObjectNode().put("id", NAME + "-large-" + i).put("text",
                    texts.get(VALID + i));
            event.putObject("metadata").put("note", "m".repeat(2 * LOW_METADATA_LIMIT));
            large.add(new Outgoing(topics.input(), NAME + "-large-" + i,
                    event.toString().getBytes(StandardCharsets.UTF_8)));
        }
        List<Outgoing> all = new ArrayList<>(valid);
        all.addAll(large);
        List<String> largeIds = Outgoing.ids(large);

        try (Traffic traffic = new Traffic(infra.cluster());
             Outcome outcome = new Outcome(infra, traffic, topics.output(), topics.deadLetters())) {
            try (AppProcess strict = AppProcess.start(infra, NAME + "-strict", config(infra, dir, topics,
                    LOW_METADATA_LIMIT), dir)) {
                traffic.sendAtRate(all, 200).awaitDone(Duration.ofMinutes(2));
                assertThat(outcome.awaitAll(Outgoing.ids(all), Duration.ofMinutes(3)))
                        .as("every event enriched or dead-lettered").isTrue();
                assertThat(strict.stop()).isZero();
            }
            assertThat(outcome.deadLetters().count()).isEqualTo(LARGE);
            assertThat(outcome.deadLetters().records()).allSatisfy(letter ->
                    assertThat(header(letter, "dlq.reason")).isEqualTo("EVENT_TOO_LARGE"));

            AppConfig fixed = config(infra, dir, topics, 65_536);
            try (AppProcess app = AppProcess.start(infra, NAME + "-fixed", fixed, dir)) {
                Path configFile = dir.resolve(NAME + "-fixed.yml");
                Run dry = replay(infra, dir, "dry", configFile, "--dry-run");
                assertThat(dry.exit()).as(dry.output()).isZero();
                assertThat(dry.lines("would replay ")).as(dry.output()).isEqualTo(LARGE);
                assertThat(dry.output()).contains("Dry run: would replay " + LARGE + " of " + LARGE);
                Poll.pause(Duration.ofSeconds(5));
                assertThat(largeIds).as("a dry run writes nothing")
                        .allSatisfy(id -> assertThat(outcome.output().count(id)).isZero());

                Run first = replay(infra, dir, "first", configFile);
                assertThat(first.exit()).as(first.output()).isZero();
                assertThat(first.output()).contains("Replayed " + LARGE + " of " + LARGE + " dead letter(s)");
                Poll.until(Duration.ofMinutes(3), "every replayed event enriched",
                        () -> largeIds.stream().allMatch(id -> outcome.output().count(id) >= 1));

                Run again = replay(infra, dir, "again", configFile);
                assertThat(again.exit()).as(again.output()).isZero();
                assertThat(again.output()).as("the same replay again: nothing new to replay")
                        .contains("Replayed 0 of 0 dead letter(s)");
                Poll.pause(Duration.ofSeconds(5));
                assertThat(app.stop()).isZero();
            }
            outcome.output().drain(Duration.ofSeconds(10));
            var decode = EnrichedEvents.avro(infra);
            for (Outgoing event : large) {
                assertThat(outcome.output().count(event.id())).as("%s enriched exactly once", event.id())
                        .isEqualTo(1);
            }
            for (ConsumerRecord<byte[], byte[]> record : outcome.output().records()) {
                String id = TopicCollector.idOf(record);
                if (largeIds.contains(id)) {
                    EnrichedTextEvent enriched = decode.deserialize(topics.output(), record.value());
                    assertThat(enriched.getMetadata().get("note")).hasSize(2 * LOW_METADATA_LIMIT);
                    assertThat(enriched.getResults()).isNotEmpty();
                }
            }
            assertThat(Outgoing.ids(valid)).allSatisfy(id -> assertThat(outcome.output().count(id))
                    .as("%s not duplicated by the replay", id).isEqualTo(1));
            assertThat(outcome.deadLetters().count()).as("nothing dead-lettered again").isEqualTo(LARGE);
        }
    }

    private static AppConfig config(Infrastructure infra, Path dir, ScenarioTopics topics, int metadataLimit) {
        return AppConfig.of(infra, "it-" + NAME, dir.resolve("state"))
                .model("sentiment", infra.builtInModel("demo-sentiment"))
                .pipeline(Pipeline.of(NAME, Input.json(topics.input()), topics.output(), topics.deadLetters(),
                        "sentiment").with("limits", Map.of("max-metadata-bytes", metadataLimit)));
    }

    /** {@code nlp-stream replay --config FILE --pipeline replay --reason EVENT_TOO_LARGE [more]} from the jar. */
    private static Run replay(Infrastructure infra, Path dir, String name, Path configFile, String... more) {
        Path log = dir.resolve("replay-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-jar", infra.appJar().toString(), "replay", "--config", configFile.toString(),
                "--pipeline", NAME, "--reason", "EVENT_TOO_LARGE"));
        command.addAll(List.of(more));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("replay did not end within 3 minutes; see " + log);
            }
            return new Run(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
