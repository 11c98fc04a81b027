package io.nlpstream.schemas.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain JSON for generated Avro records, driven by the schema: records are objects keyed by field name, nullable
 * unions are a value or {@code null} (not Avro's {@code {"string": ..}} wrapping), maps are objects, arrays are
 * arrays, {@code timestamp-millis} is epoch milliseconds (ISO-8601 strings are accepted on input).
 *
 * <p>Reading is strict: bytes must be valid UTF-8, the document a single JSON object without duplicate keys, every
 * value of its field's type; a missing field takes its schema default or is an error. Unknown fields are ignored
 * so producers may run ahead of the schema. Every failure is an {@link InvalidEventException} naming the JSON path.
 */
final class JsonRecordMapper<T extends SpecificRecord> {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;

    JsonRecordMapper(Class<T> type) {
        this.type = type;
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
    }

    String typeName() {
        return schema.getName();
    }

    byte[] write(T record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writeValue(generator, record, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        } catch (RuntimeException e) {
            throw new InvalidEventException("cannot write " + schema.getName() + " as JSON: it does not match its schema ("
                    + e + ")", e);
        }
        return out.toByteArray();
    }

    T read(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(schema.getName() + " is not valid UTF-8: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(schema.getName() + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidEventException(schema.getName() + " is empty: expected a JSON object");
        }
        return type.cast(readValue(root, schema, "$"));
    }

    // ---- writing -------------------------------------------------------------------------------------------

    private void writeValue(JsonGenerator out, Object value, Schema s) throws IOException {
        LogicalType logical = s.getLogicalType();
        if (logical != null && value != null) {
            @SuppressWarnings("unchecked")
            Conversion<Object> conversion = (Conversion<Object>) model.getConversionByClass(value.getClass(), logical);
            if (conversion != null) {
                value = Conversions.convertToRawType(value, s, logical, conversion);
            }
        }
        switch (s.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                out.writeStartObject();
                for (Schema.Field field : s.getFields()) {
                    out.writeFieldName(field.name());
                    writeValue(out, record.get(field.pos()), field.schema());
                }
                out.writeEndObject();
            }
            case UNION -> writeValue(out, value, s.getTypes().get(model.resolveUnion(s, value)));
            case ARRAY -> {
                out.writeStartArray();
                for (Object item : (Collection<?>) value) {
                    writeValue(out, item, s.getElementType());
                }
                out.writeEndArray();
            }
            case MAP -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.writeFieldName(entry.getKey().toString());
                    writeValue(out, entry.getValue(), s.getValueType());
                }
                out.writeEndObject();
            }
            case STRING, ENUM -> out.writeString(value.toString());
            case INT -> out.writeNumber((Integer) value);
            case LONG -> out.writeNumber((Long) value);
            case FLOAT -> out.writeNumber((Float) value);
            case DOUBLE -> out.writeNumber((Double) value);
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case NULL -> out.writeNull();
            default -> throw new IllegalArgumentException("plain JSON does not map Avro type " + s.getType());
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private Object readValue(JsonNode node, Schema s, String path) {
        switch (s.getType()) {
            case RECORD -> {
                if (!node.isObject()) {
                    throw wrongType(path, "an object", node);
                }
                IndexedRecord record = (IndexedRecord) model.newRecord(null, s);
                for (Schema.Field field : s.getFields()) {
                    JsonNode child = node.get(field.name());
                    String childPath = path + "." + field.name();
                    if (child == null) {
                        if (!field.hasDefaultValue()) {
                            throw new InvalidEventException(path.equals("$") ? "missing required field '" + field.name() + "'"
                                    : "missing required field " + childPath);
                        }
                        // getDefaultValue hands out one cached instance; a consumer mutating it would change every later event.
                        record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
                    } else {
                        record.put(field.pos(), readValue(child, field.schema(), childPath));
                    }
                }
                return record;
            }
            case UNION -> {
                if (node.isNull() && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL)) {
                    return null;
                }
                InvalidEventException first = null;
                for (Schema branch : s.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        continue;
                    }
                    try {
                        return readValue(node, branch, path);
                    } catch (InvalidEventException e) {
                        first = first == null ? e : first;
                    }
                }
                throw first != null ? first : wrongType(path, "null", node);
            }
            case ARRAY -> {
                if (!node.isArray()) {
                    throw wrongType(path, "an array", node);
                }
                List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(readValue(node.get(i), s.getElementType(), path + "[" + i + "]"));
                }
                return items;
            }
            case MAP -> {
                if (!node.isObject()) {
                    throw wrongType(path, "an object", node);
                }
                Map<String, Object> entries = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    entries.put(entry.getKey(), readValue(entry.getValue(), s.getValueType(), path + "." + entry.getKey()));
                }
                return entries;
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw wrongType(path, "a string", node);
                }
                return node.textValue();
            }
            case INT -> {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw wrongType(path, "a 32-bit integer", node);
                }
                return node.intValue();
            }
            case LONG -> {
                return withLogicalType(readLong(node, s, path), s);
            }
            case DOUBLE, FLOAT -> {
                if (!node.isNumber()) {
                    throw wrongType(path, "a number", node);
                }
                return s.getType() == Schema.Type.DOUBLE ? (Object) node.doubleValue() : (Object) node.floatValue();
            }
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw wrongType(path, "true or false", node);
                }
                return node.booleanValue();
            }
            case NULL -> {
                if (!node.isNull()) {
                    throw wrongType(path, "null", node);
                }
                return null;
            }
            default -> throw new InvalidEventException(path + ": plain JSON does not map Avro type " + s.getType());
        }
    }

    private static long readLong(JsonNode node, Schema s, String path) {
        boolean timestamp = s.getLogicalType() instanceof LogicalTypes.TimestampMillis;
        if (timestamp && node.isTextual()) {
            try {
                return Instant.parse(node.textValue()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new InvalidEventException(path + " must be epoch milliseconds or an ISO-8601 instant such as "
                        + "2024-05-01T12:00:00Z, got \"" + node.textValue() + "\"");
            }
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(path, timestamp ? "epoch milliseconds or an ISO-8601 instant" : "a 64-bit integer", node);
        }
        return node.longValue();
    }

    private Object withLogicalType(long raw, Schema s) {
        LogicalType logical = s.getLogicalType();
        Conversion<?> conversion = logical == null ? null : model.getConversionFor(logical);
        return conversion == null ? raw : Conversions.convertToLogicalType(raw, s, logical, conversion);
    }

    private static InvalidEventException wrongType(String path, String expected, JsonNode node) {
        return new InvalidEventException(path + " must be " + expected + ", got " + describe(node));
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
