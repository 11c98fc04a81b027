package io.nlpstream.topology;

import io.nlpstream.schemas.avro.TextEvent;
import java.util.Objects;

/**
 * A text field of an event, named in settings as {@code text}, {@code question} or {@code metadata.KEY}.
 *
 * @param metadataKey the key for a metadata entry, {@code null} for {@code text} and {@code question}
 */
public record EventField(Kind kind, String metadataKey) {
    /** Where the value lives. */
    public enum Kind { TEXT, QUESTION, METADATA }

    public static final EventField TEXT = new EventField(Kind.TEXT, null);
    public static final EventField QUESTION = new EventField(Kind.QUESTION, null);

    private static final String METADATA_PREFIX = "metadata.";

    public EventField {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.METADATA) == (metadataKey == null || metadataKey.isEmpty())) {
            throw new InvalidTopologySettingsException("a metadata field needs a key, and only a metadata field has one");
        }
    }

    /** {@code text}, {@code question} or {@code metadata.KEY}. */
    public static EventField parse(String name) {
        if (name == null) {
            throw new InvalidTopologySettingsException("an event field must be text, question or metadata.KEY, got nothing");
        }
        if (name.equals("text")) {
            return TEXT;
        }
        if (name.equals("question")) {
            return QUESTION;
        }
        if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()) {
            return new EventField(Kind.METADATA, name.substring(METADATA_PREFIX.length()));
        }
        throw new InvalidTopologySettingsException("an event field must be text, question or metadata.KEY, got '"
                + name + "'");
    }

    /** The field's value in {@code event}, {@code null} when the event does not carry it. */
    public String valueIn(TextEvent event) {
        return switch (kind) {
            case TEXT -> event.getText();
            case QUESTION -> event.getQuestion();
            case METADATA -> event.getMetadata() == null ? null : event.getMetadata().get(metadataKey);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TEXT -> "text";
            case QUESTION -> "question";
            case METADATA -> METADATA_PREFIX + metadataKey;
        };
    }
}
