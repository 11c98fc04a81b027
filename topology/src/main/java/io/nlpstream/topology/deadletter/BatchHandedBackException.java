package io.nlpstream.topology.deadletter;

/**
 * A micro-batch the stream thread gives back instead of finishing: the models were closed under it (the service is
 * stopping) or are too far behind for the thread to wait within its poll interval. Its task fails and is redone from
 * its last commit (the events are still in the task's buffer or not yet committed as consumed), so nothing is
 * dead-lettered and nothing is lost; the dead-letter processing handler lets it fail the task.
 */
public class BatchHandedBackException extends RuntimeException {
    public BatchHandedBackException(String message) {
        super(message);
    }

    public BatchHandedBackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code error} or one of its causes is a hand-back. */
    public static boolean isHandBack(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BatchHandedBackException) {
                return true;
            }
        }
        return false;
    }
}
