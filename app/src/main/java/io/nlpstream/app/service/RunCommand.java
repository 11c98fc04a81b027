package io.nlpstream.app.service;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nlp-stream run}: the service against the configured Kafka, until SIGTERM or SIGINT. Exit codes: 0 after a
 * signal and a clean close (Kafka Streams within {@code kafka.close-timeout}, then HTTP and the models); 1 when it
 * cannot start (one sentence on stderr) or when Kafka Streams stops by itself.
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
        // Another way out than a signal (System.exit elsewhere, SIGHUP): still close the streams first.
        Thread hook = new Thread(service::close, "nlp-stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        logWhenReady(service);
        try (StopSignals signals = StopSignals.install()) {
            while (!signals.await(Duration.ofSeconds(1))) {
                if (service.streamsRunner().awaitUnexpectedStop(Duration.ZERO)) {
                    err.println("nlp-stream: Kafka Streams stopped (state " + service.streamsRunner().state()
                            + "); see the log above. Exiting so the instance can be restarted.");
                    err.flush();
                    return 1;
                }
            }
            LOG.info("nlp-stream: {} received, closing", signals.received());
            return 0;
        } finally {
            service.close();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting and runs the hook itself; close() is idempotent.
        }
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
