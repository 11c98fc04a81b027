package io.nlpstream.topology.deadletter;

import io.nlpstream.schemas.registry.RegistryUnavailableException;
import io.nlpstream.schemas.registry.SchemaNotFoundException;
import io.nlpstream.schemas.serde.InvalidEventException;
import io.nlpstream.schemas.serde.WireFormatException;

/** Maps a decoding failure to its dead-letter reason, looking through wrapping exceptions. */
public final class DeadLetterClassifier {
    private DeadLetterClassifier() {
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
