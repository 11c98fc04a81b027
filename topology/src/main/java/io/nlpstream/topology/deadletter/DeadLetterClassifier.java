package io.nlpstream.topology.deadletter;

import io.nlpstream.schemas.registry.RegistryAuthenticationException;
import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.serde.InvalidEventException;
import io.nlpstream.schemas.serde.WireFormatException;
import java.util.Optional;

/**
 * Maps a decoding failure to its dead-letter reason, looking through wrapping exceptions, and tells the failures
 * that are no fault of the record ({@link #registryFault}) from those that are.
 */
public final class DeadLetterClassifier {
    private DeadLetterClassifier() {
    }

    /**
     * The registry failure in {@code error}'s cause chain that says nothing about the record: the registry could not
     * be reached in time ({@link RegistryUnavailableException}) or refused the credentials
     * ({@link RegistryAuthenticationException}). Such a record is never dead-lettered: its task fails, processing
     * pauses until the registry answers, and the record is read again.
     */
    public static Optional<RuntimeException> registryFault(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException || t instanceof RegistryAuthenticationException) {
                return Optional.of((RuntimeException) t);
            }
        }
        return Optional.empty();
    }

    public static DeadLetterReason decodeFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaNotFoundException) {
                return DeadLetterReason.UNKNOWN_SCHEMA;
            }
            if (t instanceof RegistryUnavailableException) {
                return DeadLetterReason.REGISTRY_UNAVAILABLE;
            }
            if (t instanceof InvalidEventException) {
                return DeadLetterReason.INVALID_EVENT;
            }
            if (t instanceof WireFormatException) {
                return DeadLetterReason.UNDECODABLE;
            }
        }
        return DeadLetterReason.UNDECODABLE;
    }
}
