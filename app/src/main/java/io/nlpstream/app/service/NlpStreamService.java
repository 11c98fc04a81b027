package io.nlpstream.app.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.nlpstream.app.config.InvalidConfigurationException;
import io.nlpstream.models.ModelLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service: configuration (built-in {@code application.yml}, then {@code --config} files, environment
 * variables, system properties, then the given properties), models loaded and warmed up, the HTTP server, then
 * Kafka Streams. Any failure on the way closes what was started and surfaces as a {@link ServiceStartException}
 * whose message is one sentence.
 */
public final class NlpStreamService {
    private static final Logger LOG = LoggerFactory.getLogger("io.nlpstream.app");

    private NlpStreamService() {
    }

    /** @param properties configuration that wins over every file, in {@code application.yml}'s shape */
    public static RunningService start(Map<String, Object> properties) {
        return start(List.of(), properties);
    }

    public static RunningService start(List<Path> configFiles, Map<String, Object> properties) {
        ApplicationContext context = null;
        try {
            context = ServiceConfiguration.builder(configFiles, properties, System.getenv(), System.getProperties())
                    .start();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            StreamsRunner streams = context.getBean(StreamsRunner.class);
            streams.start();
            RunningService running = new RunningService(context, server, streams);
            LOG.info("nlp-stream: HTTP on {}; models {}", server.getURL(),
                    context.getBean(ModelCatalog.class).entries().stream().map(CatalogEntry::name).toList());
            return running;
        } catch (RuntimeException | Error e) {
            if (context != null) {
                try {
                    context.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw explain(e);
        }
    }

    /** The one sentence an operator needs, from whatever start-up failure (Micronaut wraps bean failures). */
    static ServiceStartException explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceStartException start) {
                return start;
            }
            if (t instanceof InvalidConfigurationException invalid) {
                return new ServiceStartException("invalid configuration: " + invalid.getMessage(), failure);
            }
            if (t instanceof ModelLoadException load) {
                return new ServiceStartException("cannot load a model: " + load.getMessage(), failure);
            }
            if (t instanceof io.micronaut.core.convert.exceptions.ConversionErrorException conversion) {
                return new ServiceStartException("invalid configuration: " + conversion.getMessage(), failure);
            }
        }
        Optional<String> binding = BindingErrors.describe(failure);
        if (binding.isPresent()) {
            return new ServiceStartException("invalid configuration: " + binding.get(), failure);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // One line: the stack and any multi-line detail go to the log (debug) and stay out of the operator's line.
        return new ServiceStartException("cannot start: " + root.toString().lines().findFirst().orElse(""), failure);
    }
}
