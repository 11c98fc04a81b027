package io.nlpstream.app.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.nlpstream.schemas.registry.RegistryAuthenticationException;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.registry.SchemaRegistryClient;
import io.nlpstream.topology.deadletter.DeadLetterClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses processing ({@link ProcessingPauses}) while the schema registry cannot be reached or refuses the service's
 * credentials, and resumes it once the registry answers again. Such a failure says nothing about the record being
 * decoded or serialized, so the topology never dead-letters it: the record's task fails
 * ({@link DeadLetterClassifier#registryFault}), the stream thread is replaced, and {@link #onStreamFailure} pauses the
 * instance before the new thread processes anything. The record is read again, from the last commit, after the
 * resume. The stream thread is never held longer than one registry call (bounded by the client's call timeout), and
 * while paused the instance keeps its partitions, polls and commits, so nothing breaches {@code max.poll.interval.ms}.
 *
 * <p>While paused, the watch asks the registry every {@link #INTERVAL} (the start-up probe: a subject nobody
 * registers, answered 404 by a healthy registry), logs one WARN sentence per check that fails and keeps that sentence
 * as the pause's reason, which {@code /health} shows; once the registry answers, one INFO line and processing resumes.
 */
final class RegistryWatch implements AutoCloseable {
    /** How often a paused service asks the registry again (and logs that it is still paused). */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String PAUSE_KEY = "schema-registry";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatch.class);

    /** One request to the registry that succeeds, or throws the registry's typed failure. */
    @FunctionalInterface
    interface Probe {
        void ask();

        /** The start-up probe: looking up a subject nobody registers answers 404 when all is well. */
        static Probe of(SchemaRegistryClient client) {
            return () -> {
                try {
                    client.latest(RegistryConnection.PROBE_SUBJECT);
                } catch (SchemaNotFoundException expected) {
                    // The registry answered and accepted the credentials.
                }
            };
        }
    }

    private final Probe probe;
    private final ProcessingPauses pauses;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "nlp-stream-registry-watch");
        thread.setDaemon(true);
        return thread;
    });

    RegistryWatch(Probe probe, ProcessingPauses pauses) {
        this.probe = probe;
        this.pauses = pauses;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::checkOnce, INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Called with a stream thread's uncaught failure: when it is a registry fault, pauses processing and says why.
     *
     * @return whether it was a registry fault (the thread is then replaced, whatever the uncaught policy says)
     */
    boolean onStreamFailure(Throwable error) {
        Optional<RuntimeException> fault = DeadLetterClassifier.registryFault(error);
        if (fault.isEmpty()) {
            return false;
        }
        String sentence = sentence(fault.get());
        if (pauses.pause(PAUSE_KEY, sentence)) {
            LOG.warn("{}", sentence);
        }
        return true;
    }

    /** One check while paused for the registry: resumes when it answers, else renews the reason and logs it. */
    void checkOnce() {
        if (!pauses.reasons().containsKey(PAUSE_KEY)) {
            return;
        }
        try {
            probe.ask();
        } catch (RuntimeException e) {
            Optional<RuntimeException> fault = DeadLetterClassifier.registryFault(e);
            if (fault.isPresent()) {
                String sentence = sentence(fault.get());
                pauses.pause(PAUSE_KEY, sentence);
                LOG.warn("{}", sentence);
                return;
            }
            // Any other answer (a 4xx about the probe itself, say) proves the registry is back.
            LOG.debug("The registry answered the probe with {}", e.toString());
        }
        if (pauses.resume(PAUSE_KEY)) {
            LOG.info("The schema registry answers again; processing resumes.");
        }
    }

    static String sentence(RuntimeException fault) {
        String checked = " (checked every " + INTERVAL.toSeconds() + " s); nothing is dead-lettered or skipped.";
        if (fault instanceof RegistryAuthenticationException auth) {
            return "The schema registry refused the service's credentials (HTTP " + auth.httpStatus() + ": "
                    + auth.getMessage() + "): check schema-registry.basic-auth-user-info or"
                    + " schema-registry.bearer-token and the registry's access rules. Processing is paused until it"
                    + " accepts them" + checked;
        }
        return "The schema registry cannot be reached (" + fault.getMessage() + "). Processing is paused until it"
                + " answers" + checked;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
