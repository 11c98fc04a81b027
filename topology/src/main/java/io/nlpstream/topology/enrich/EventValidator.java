package io.nlpstream.topology.enrich;

import io.nlpstream.schemas.avro.TextEvent;
import io.nlpstream.topology.EventLimits;
import io.nlpstream.topology.OverLengthPolicy;
import io.nlpstream.topology.TextLimit;
import io.nlpstream.topology.deadletter.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Checks a decoded event against a pipeline's rules; pure, so every rule is unit-testable. */
public final class EventValidator {
    private final TextLimit textLimit;
    private final EventLimits limits;

    public EventValidator(TextLimit textLimit, EventLimits limits) {
        this.textLimit = textLimit;
        this.limits = limits;
    }

    /** The outcome: the event to enrich (its text or question possibly cut to their limits), or why it is rejected. */
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
        long metadataBytes = metadataBytes(event.getMetadata());
        if (metadataBytes > limits.maxMetadataBytes()) {
            return new Verdict.Reject(DeadLetterReason.EVENT_TOO_LARGE, "metadata of " + metadataBytes
                    + " bytes exceeds the limit of " + limits.maxMetadataBytes());
        }
        int textCodePoints = codePointsOver(text, textLimit.maxCodePoints());
        if (textCodePoints > 0 && textLimit.policy() == OverLengthPolicy.REJECT) {
            return new Verdict.Reject(DeadLetterReason.TEXT_TOO_LONG, "text of " + textCodePoints
                    + " code points exceeds the limit of " + textLimit.maxCodePoints());
        }
        String question = event.getQuestion();
        boolean cutQuestion = question != null && codePointsOver(question, limits.maxQuestionCodePoints()) > 0;
        if (textCodePoints == 0 && !cutQuestion) {
            return new Verdict.Accept(event);
        }
        TextEvent.Builder cut = TextEvent.newBuilder(event);
        if (textCodePoints > 0) {
            cut.setText(prefix(text, textLimit.maxCodePoints()));
        }
        if (cutQuestion) {
            cut.setQuestion(prefix(question, limits.maxQuestionCodePoints()));
        }
        return new Verdict.Accept(cut.build());
    }

    /** The code points of {@code s} when there are more than {@code limit}, else 0. */
    private static int codePointsOver(String s, int limit) {
        // Cheap pre-check: a String never has more code points than chars.
        if (s.length() <= limit) {
            return 0;
        }
        int codePoints = s.codePointCount(0, s.length());
        return codePoints > limit ? codePoints : 0;
    }

    private static String prefix(String s, int codePoints) {
        return s.substring(0, s.offsetByCodePoints(0, codePoints));
    }

    /** UTF-8 bytes of the metadata's keys and values. */
    static long metadataBytes(Map<String, String> metadata) {
        if (metadata == null) {
            return 0;
        }
        long bytes = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
        }
        return bytes;
    }

    private static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long bytes = s.length();
        // Only non-ASCII chars cost more than one byte; most metadata is ASCII.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                bytes += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return bytes;
    }
}
