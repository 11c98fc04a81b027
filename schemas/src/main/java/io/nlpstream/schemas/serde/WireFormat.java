package io.nlpstream.schemas.serde;

/**
 * Confluent's framing: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the record with the writer schema.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Writes the 5-byte header into {@code target[0..4]}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /** The schema id of a framed record; {@link WireFormatException} for a short or non-zero-magic header. */
    public static int schemaId(byte[] framed) {
        if (framed.length < HEADER_LENGTH) {
            throw new WireFormatException("record of " + framed.length + " bytes is shorter than the "
                    + HEADER_LENGTH + "-byte schema registry header");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new WireFormatException(String.format("unknown magic byte 0x%02x (expected 0x00): not a schema "
                    + "registry framed record", framed[0]));
        }
        return ((framed[1] & 0xff) << 24) | ((framed[2] & 0xff) << 16) | ((framed[3] & 0xff) << 8) | (framed[4] & 0xff);
    }
}
