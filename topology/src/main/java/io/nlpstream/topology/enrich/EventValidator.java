package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.TextLimit;
import io.nlpstream.topology.deadletter.DeadLetterReason;

/** Checks a decoded event against a pipeline's rules; pure, so every rule is unit-testable. */
public final class EventValidator {
    private final TextLimit limit;

    public EventValidator(TextLimit limit) {
        this.limit = limit;
    }

    /** The outcome: the event to enrich (possibly with its text cut to the limit), or why it is rejected. */
    public sealed interface Verdict {
        record Accept(TextEvent event) implements Verdict {
        }

        record Reject(DeadLetterReason reason, String message) implements Verdict {
        }
    }

    public Verdict validate(TextEvent event) {
        String text = event.getText();
        if (text == null || text.isBlank()) {
            return new Verdict.Reject(DeadLetterReason.EMPTY_TEXT, "event '" + event.getId() + "' has no text");
        }
        // Cheap pre-check: a String never has more code points than chars.
        if (text.length() <= limit.maxCodePoints()) {
            return new Verdict.Accept(event);
        }
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints <= limit.maxCodePoints()) {
            return new Verdict.Accept(event);
        }
        if (limit.policy() == OverLengthPolicy.REJECT) {
            return new Verdict.Reject(DeadLetterReason.TEXT_TOO_LONG, "text of " + codePoints
                    + " code points exceeds the limit of " + limit.maxCodePoints());
        }
        String cut = text.substring(0, text.offsetByCodePoints(0, limit.maxCodePoints()));
        return new Verdict.Accept(TextEvent.newBuilder(event).setText(cut).build());
    }
}
