package io.nlpstream.models.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes tiny ONNX graphs as protobuf bytes, for tests that need a graph with particular inputs or outputs (no
 * ONNX tooling needed). Every graph casts {@code input_ids} to float for each declared output.
 */
public final class OnnxGraphs {

    public static final int FLOAT = 1;
    public static final int INT32 = 6;
    public static final int INT64 = 7;
    public static final int FLOAT16 = 10;

    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final List<byte[]> nodes = new ArrayList<>();

    /** Declares an input; each dim is a {@code String} (symbolic, dynamic) or an {@code Integer} (fixed). */
    public OnnxGraphs input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** Declares a float output of shape {@code dims} computed as {@code Cast<float>(input_ids)}. */
    public OnnxGraphs castOutput(String name, Object... dims) {
        return typedCastOutput(name, FLOAT, dims);
    }

    /** Declares an output of element type {@code elemType} computed as {@code Cast<elemType>(input_ids)}. */
    public OnnxGraphs typedCastOutput(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        nodes.add(new Proto().string(1, "input_ids").string(2, name).string(3, "cast_" + name).string(4, "Cast")
                .message(5, new Proto().string(1, "to").varint(20, 2).varint(3, elemType)).bytes());
        return this;
    }

    public byte[] build() {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.raw(1, n));
        graph.string(2, "test");
        inputs.forEach(i -> graph.raw(11, i));
        outputs.forEach(o -> graph.raw(12, o));
        return new Proto().varint(1, 8).message(7, graph).message(8, new Proto().string(1, "").varint(2, 13))
                .bytes();
    }

    private static byte[] valueInfo(String name, int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object dim : dims) {
            shape.message(1, dim instanceof Integer size ? new Proto().varint(1, size)
                    : new Proto().string(2, dim.toString()));
        }
        Proto tensor = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor)).bytes();
    }

    /** Just enough of the protobuf wire format: varints and length-delimited fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return raw(field, message.bytes());
        }

        Proto raw(int field, byte[] bytes) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(bytes.length);
            out.writeBytes(bytes);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
