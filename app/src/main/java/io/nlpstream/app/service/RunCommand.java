package io.nlpstream.app.service;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nlp-stream run}: the service against the configured Kafka, until SIGTERM or SIGINT. Exit codes: 1 when it
 * cannot start (one sentence on stderr) or when Kafka Streams stops by itself; on a signal the JVM's own status
 * (143 for SIGTERM) after a clean close.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the enrichment service: the configured pipelines on Kafka Streams, plus the HTTP API "
                + "(health, metrics, models, synchronous inference, ranking).",
                "Configuration: the built-in application.yml, then each --config file, then environment variables "
                        + "(KAFKA_BOOTSTRAP_SERVERS for kafka.bootstrap-servers, ...), then -Dkey=value."})
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("io.nlpstream.app");

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE.yml", description = "A YAML configuration file; repeatable, "
            + "later files win.")
    private List<Path> configFiles = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        RunningService service;
        try {
            service = NlpStreamService.start(configFiles, Map.of());
        } catch (ServiceStartException e) {
            err.println("nlp-stream: " + e.getMessage());
            err.flush();
            LOG.debug("Start-up failure", e);
            return 1;
        }
        CountDownLatch signalled = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.close();
            signalled.countDown();
        }, "nlp-stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        logWhenReady(service);
        while (signalled.getCount() > 0) {
            if (service.streamsRunner().awaitUnexpectedStop(Duration.ofSeconds(1)) && signalled.getCount() > 0) {
                err.println("nlp-stream: Kafka Streams stopped (state " + service.streamsRunner().state()
                        + "); see the log above. Exiting so the instance can be restarted.");
                err.flush();
                Runtime.getRuntime().removeShutdownHook(hook);
                service.close();
                return 1;
            }
        }
        return 0;
    }

    private static void logWhenReady(RunningService service) {
        Thread ready = new Thread(() -> {
            try {
                service.awaitRunning(Duration.ofDays(365));
                LOG.info("nlp-stream: ready on http://localhost:{}", service.httpPort());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IllegalStateException e) {
                LOG.warn("nlp-stream: not ready: {}", e.getMessage());
            }
        }, "nlp-stream-ready");
        ready.setDaemon(true);
        ready.start();
    }
}
