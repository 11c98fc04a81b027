package io.nlpstream.tools.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nlpstream.tools.embedded.MissingTopics;
import io.nlpstream.app.service.NlpStreamService;
import io.nlpstream.app.service.RunningService;
import io.nlpstream.tools.support.LogLevels;
import io.nlpstream.tools.support.TemporaryDirectories;
import io.nlpstream.schemas.serde.JsonEnrichedEventSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nlp-stream demo}: the whole product on one machine with nothing installed. It starts Kafka (KRaft) and a
 * Schema Registry in-process on loopback (unless external ones are named), creates the topics, starts the real
 * service with the built-in models, seeds the response base, produces sample events and prints what comes out of
 * the output and dead-letter topics, then a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the service end to end on an embedded Kafka and Schema Registry with the built-in "
                + "models, produces sample events and prints the enriched results.",
                "The built-in sentiment, moderation, NER and QA models are tiny demo models trained on templated "
                        + "English; the ranker is the real all-MiniLM-L6-v2 (int8)."})
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PROGRESS_INTERVAL_TTY = Duration.ofMillis(250);
    private static final Duration PROGRESS_INTERVAL_PIPE = Duration.ofSeconds(5);

    @Option(names = "--events", paramLabel = "N", defaultValue = "500",
            description = "Sample events to generate (default ${DEFAULT-VALUE}); ignored with --input.")
    int events;

    @Option(names = "--input", paramLabel = "FILE.jsonl",
            description = "Send these events instead: one JSON object per line, {\"id\", \"text\", \"question\"?}.")
    Path input;

    @Option(names = "--dump", paramLabel = "FILE.jsonl", description = "Also write every enriched record as JSON.")
    Path dump;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "25",
            description = "Enriched events shown in the table (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "Use this Kafka cluster instead of the embedded one (topics are created if missing).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Use this Confluent-compatible registry instead of the embedded one.")
    String schemaRegistryUrl;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "0",
            description = "The service's HTTP port (default: any free port; it is printed).")
    int httpPort;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up when no result arrives for this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--keep-running", description = "Leave the service running after the summary (Ctrl-C stops).")
    boolean keepRunning;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the sample events.")
    long seed;

    private final PrintStream out;
    private final PrintStream err;

    public DemoCommand() {
        this(System.out, System.err);
    }

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        LogLevels.quietEmbeddedKafka();
        List<DemoTraffic.Message> traffic = input != null ? DemoTraffic.fromFile(input)
                : DemoTraffic.generated(events, seed);
        Path stateDir = Files.createTempDirectory("nlp-stream-demo-state-");
        try (DemoInfrastructure infra = startInfrastructure()) {
            createTopics(infra.bootstrapServers());
            try (KafkaProducer<byte[], byte[]> producer = DemoTraffic.producer(infra.bootstrapServers())) {
                DemoTraffic.responseBase().forEach(m -> DemoTraffic.send(producer, DemoSettings.RESPONSE_BASE_TOPIC, m));
                producer.flush();
            }
            DemoSettings settings = new DemoSettings(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                    httpPort == 0 ? -1 : httpPort, stateDir, DemoSettings.freshApplicationId());
            err.println("demo: starting the service (loading and warming up the models)...");
            try (RunningService service = NlpStreamService.start(settings.serviceProperties())) {
                service.awaitRunning(START_TIMEOUT);
                String baseUrl = "http://127.0.0.1:" + service.httpPort();
                awaitResponseBase(baseUrl, DemoCorpus.responseBase().size());
                err.println("demo: service ready on " + baseUrl + "; sending " + traffic.size() + " events to '"
                        + DemoSettings.INPUT_TOPIC + "'");
                int exit = runTraffic(infra, traffic);
                printTryItOut(baseUrl);
                if (keepRunning && exit == 0) {
                    err.println("demo: the service keeps running; press Ctrl-C to stop.");
                    awaitInterrupt();
                }
                return exit;
            }
        } finally {
            TemporaryDirectories.deleteRecursively(stateDir);
        }
    }

    private DemoInfrastructure startInfrastructure() {
        if (bootstrapServers == null) {
            err.println("demo: starting an embedded Kafka broker (KRaft) on loopback...");
        }
        DemoInfrastructure infra = DemoInfrastructure.start(bootstrapServers, schemaRegistryUrl);
        err.println("demo: Kafka at " + infra.bootstrapServers() + (infra.embeddedKafka() ? " (embedded)" : "")
                + ", Schema Registry at " + infra.schemaRegistryUrl() + (infra.embeddedRegistry() ? " (embedded)" : ""));
        return infra;
    }

    private static void createTopics(String bootstrapServers) {
        List<NewTopic> topics = List.of(
                topic(DemoSettings.INPUT_TOPIC, DemoSettings.PARTITIONS),
                topic(DemoSettings.OUTPUT_TOPIC, DemoSettings.PARTITIONS),
                topic(DemoSettings.DEAD_LETTER_TOPIC, 1),
                topic(DemoSettings.REVIEW_TOPIC, 1),
                topic(DemoSettings.RESPONSE_BASE_TOPIC, 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                topic(DemoSettings.EMBEDDINGS_TOPIC, 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            MissingTopics.create(admin, topics, Duration.ofSeconds(30));
        }
    }

    /** The broker's default replication factor, so an external cluster gets its usual durability. */
    private static NewTopic topic(String name, int partitions) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty());
    }

    /** Waits until every response is embedded, so the first events already rank against the whole base. */
    private void awaitResponseBase(String baseUrl, int size) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/rank?q=help&k=" + size))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && JSON.readTree(response.body()).path("hits").size() >= size) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the response base was not embedded within " + START_TIMEOUT);
    }

    private int runTraffic(DemoInfrastructure infra, List<DemoTraffic.Message> traffic) throws IOException {
        ResultTable table = new ResultTable(DemoSettings.MODELS, DemoSettings.MULTI_LABEL_MODELS);
        JsonEnrichedEventSerializer dumpSerializer = new JsonEnrichedEventSerializer();
        boolean tty = System.console() != null;
        Duration progressInterval = tty ? PROGRESS_INTERVAL_TTY : PROGRESS_INTERVAL_PIPE;
        List<String> deadLetterLines = new ArrayList<>();
        List<String> reviewLines = new ArrayList<>();
        try (DemoOutputReader reader = new DemoOutputReader(infra.bootstrapServers(), infra.schemaRegistryUrl(),
                DemoSettings.OUTPUT_TOPIC, DemoSettings.DEAD_LETTER_TOPIC, DemoSettings.REVIEW_TOPIC);
             BufferedWriter dumpWriter = dump == null ? null : Files.newBufferedWriter(dump, StandardCharsets.UTF_8);
             KafkaProducer<byte[], byte[]> producer = DemoTraffic.producer(infra.bootstrapServers())) {
            DemoTally tally = new DemoTally(System.nanoTime());
            traffic.forEach(m -> DemoTraffic.send(producer, DemoSettings.INPUT_TOPIC, m));
            producer.flush();
            out.println(table.header());
            int shown = 0;
            long lastResult = System.nanoTime();
            long lastProgress = 0;
            while (tally.seen() < traffic.size()) {
                List<DemoOutputReader.Output> batch = reader.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (DemoOutputReader.Output o : batch) {
                    lastResult = now;
                    if (o instanceof DemoOutputReader.Enriched e) {
                        tally.enriched(System.currentTimeMillis() - e.timestamp());
                        if (shown++ < rows) {
                            clearProgress(tty);
                            out.println(table.row(e.event()));
                        }
                        if (dumpWriter != null) {
                            dumpWriter.write(new String(dumpSerializer.serialize(DemoSettings.OUTPUT_TOPIC, e.event()),
                                    StandardCharsets.UTF_8));
                            dumpWriter.newLine();
                        }
                    } else if (o instanceof DemoOutputReader.Routed r) {
                        reviewLines.add(reviewLine(r));
                    } else if (o instanceof DemoOutputReader.DeadLetter d) {
                        tally.deadLetter(d.reason());
                        deadLetterLines.add("  " + d.key() + ": " + d.reason() + " (" + firstLine(d.message()) + ")");
                    }
                }
                if (now - lastProgress >= progressInterval.toNanos()) {
                    progress(tty, tally.progressLine(traffic.size(), now));
                    lastProgress = now;
                }
                if (now - lastResult > Duration.ofSeconds(timeoutSeconds).toNanos()) {
                    clearProgress(tty);
                    err.println("demo: no result for " + timeoutSeconds + " s; " + tally.seen() + " of "
                            + traffic.size() + " events came out.");
                    out.print(tally.summary(traffic.size(), now));
                    return 1;
                }
            }
            clearProgress(tty);
            if (shown > rows) {
                out.println("... " + (shown - rows) + " more enriched events" + (dump == null ? "" : " in " + dump));
            }
            // The review copies are written in the transactions of their output records, so they are all in by now.
            reader.drainRouted(Duration.ofSeconds(2)).forEach(r -> reviewLines.add(reviewLine(r)));
            out.println();
            out.println("Review queue (topic '" + DemoSettings.REVIEW_TOPIC + "', decision in headers): "
                    + reviewLines.size() + " events");
            reviewLines.stream().limit(10).forEach(out::println);
            if (!deadLetterLines.isEmpty()) {
                out.println();
                out.println("Dead letters (topic '" + DemoSettings.DEAD_LETTER_TOPIC + "', reason in headers):");
                deadLetterLines.stream().limit(20).forEach(out::println);
            }
            out.println();
            out.print(tally.summary(traffic.size(), System.nanoTime()));
            return 0;
        }
    }

    private static String reviewLine(DemoOutputReader.Routed routed) {
        return "  " + routed.event().getId() + " (rule " + routed.rule() + "): "
                + ResultTable.cell(routed.event().getText(), 60).strip();
    }

    private void printTryItOut(String baseUrl) {
        out.println();
        // Without --keep-running the service stops right after this, so the URLs are only an example.
        out.println(keepRunning ? "Try the HTTP API while the service runs:"
                : "To try the HTTP API, run the demo with --keep-running; then, for example:");
        out.println("  curl '" + baseUrl + "/v1/rank?q=how%20do%20I%20reset%20my%20password&k=3'");
        out.println("  curl -X POST -H 'Content-Type: application/json' -d '{\"text\":\"The hotel was great!\"}' "
                + baseUrl + "/v1/text-classification?model=sentiment");
        out.println("  curl -X POST -H 'Content-Type: application/json' -d '{\"text\":\"you are an idiot\"}' "
                + baseUrl + "/v1/pipelines/" + DemoSettings.PIPELINE + "/decision");
        out.println("  curl " + baseUrl + "/models   " + baseUrl + "/health/readiness   " + baseUrl + "/prometheus");
    }

    private void progress(boolean tty, String line) {
        if (tty) {
            err.print("\r" + line + "\u001b[K");
            err.flush();
        } else {
            err.println("demo: " + line);
        }
    }

    private void clearProgress(boolean tty) {
        if (tty) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    /** The full message is in the record's headers; its first line, cut to a table's width, is enough here. */
    private static String firstLine(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return ResultTable.cell(first, 100).strip();
    }

    private static void awaitInterrupt() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-stop"));
        stop.await();
    }
}
