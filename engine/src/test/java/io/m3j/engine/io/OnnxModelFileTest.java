package io.m3j.engine.io;

import io.m3j.engine.Fixtures;
import io.m3j.engine.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelFileTest {
    @TempDir
    Path tmp;

    @Test
    void externalDataIsMappedAndMatMulWeightsRenamedAndTransposed() throws IOException {
        // MatMul(x, onnx::MatMul_7 [in=2, out=3]) then Add(layer.dense.bias, product); the weight lives in model.onnx_data
        float[] w = {1, 2, 3, 4, 5, 6}; // [[1,2,3],[4,5,6]] as [in, out]
        float[] bias = {0.5f, -0.5f, 1f};
        byte[] external = new byte[16 + 24];
        ByteBuffer.wrap(external).order(ByteOrder.LITTLE_ENDIAN).position(16).asFloatBuffer().put(w);
        Files.write(tmp.resolve("model.onnx_data"), external);
        byte[] graph = concat(
                field(1, node("MatMul", new String[] {"x", "onnx::MatMul_7"}, new String[] {"p"})),
                field(1, node("Add", new String[] {"layer.dense.bias", "p"}, new String[] {"y"})),
                field(5, externalTensor("onnx::MatMul_7", new long[] {2, 3}, "model.onnx_data", 16, 24)),
                field(5, rawTensor("layer.dense.bias", new long[] {3}, floats(bias))),
                field(5, floatDataTensor("layer.norm.weight", new float[] {7, 8})),
                field(5, halfInt32DataTensor("layer.norm.bias", new float[] {0.5f, -3f, 1024f})));
        Path model = tmp.resolve("model.onnx");
        Files.write(model, concat(varintField(1, 8), field(7, graph)));
        try (OnnxModelFile onnx = OnnxModelFile.open(model)) {
            assertEquals(Map.of("onnx::MatMul_7", "layer.dense.weight"), onnx.renamedInitializers());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, onnx.require("layer.dense.weight", 3, 2).toFloatArray());
            assertArrayEquals(bias, onnx.require("layer.dense.bias", 3).toFloatArray());
            assertTrue(onnx.require("layer.dense.bias").data().isMapped());
            assertArrayEquals(new float[] {7, 8}, onnx.require("layer.norm.weight", 2).toFloatArray());
            assertNull(onnx.find("onnx::MatMul_7"));
            assertEquals(DType.F16, onnx.require("layer.norm.bias").dtype());
            assertArrayEquals(new float[] {0.5f, -3f, 1024f}, onnx.require("layer.norm.bias", 3).toFloatArray());
        }

        // external data outside the model directory, or past the end of the data file
        Files.write(model, concat(varintField(1, 8), field(7, field(5,
                externalTensor("w", new long[] {2, 3}, "../secret.bin", 0, 24)))));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModelFile.open(model));
        assertTrue(e.getMessage().contains("outside the model directory"), e.getMessage());
        Files.write(model, concat(varintField(1, 8), field(7, field(5,
                externalTensor("w", new long[] {2, 3}, "model.onnx_data", 32, 24)))));
        e = assertThrows(ModelFormatException.class, () -> OnnxModelFile.open(model));
        assertTrue(e.getMessage().contains("initializer w") && e.getMessage().contains("model.onnx_data"), e.getMessage());
    }

    @Test
    void truncatedOnnxIsAModelFormatException() throws IOException {
        byte[] real = Files.readAllBytes(Fixtures.path("/fixtures/xlmr/model/onnx/model.onnx"));
        Path cut = tmp.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(real, real.length / 3));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxModelFile.open(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    // --- a minimal protobuf writer for ONNX messages ---

    private static byte[] node(String op, String[] inputs, String[] outputs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String in : inputs) b.writeBytes(field(1, in.getBytes(StandardCharsets.UTF_8)));
        for (String out : outputs) b.writeBytes(field(2, out.getBytes(StandardCharsets.UTF_8)));
        b.writeBytes(field(4, op.getBytes(StandardCharsets.UTF_8)));
        return b.toByteArray();
    }

    private static byte[] dims(long[] dims) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (long d : dims) b.writeBytes(varintField(1, d));
        return b.toByteArray();
    }

    private static byte[] rawTensor(String name, long[] shape, byte[] raw) {
        return concat(dims(shape), varintField(2, 1), field(8, name.getBytes(StandardCharsets.UTF_8)), field(9, raw));
    }

    private static byte[] floatDataTensor(String name, float[] values) {
        return concat(dims(shape(values.length)), varintField(2, 1), field(4, floats(values)),
                field(8, name.getBytes(StandardCharsets.UTF_8)));
    }

    /** float16 values in int32_data (packed varints), as ONNX stores them without raw_data. */
    private static byte[] halfInt32DataTensor(String name, float[] values) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (float v : values) packed.writeBytes(varint(Float.floatToFloat16(v) & 0xFFFF));
        return concat(dims(shape(values.length)), varintField(2, 10), field(5, packed.toByteArray()),
                field(8, name.getBytes(StandardCharsets.UTF_8)));
    }

    private static long[] shape(int n) {
        return new long[] {n};
    }

    private static byte[] externalTensor(String name, long[] shape, String location, long offset, long length) {
        return concat(dims(shape), varintField(2, 1), field(8, name.getBytes(StandardCharsets.UTF_8)),
                field(13, entry("location", location)), field(13, entry("offset", Long.toString(offset))),
                field(13, entry("length", Long.toString(length))), varintField(14, 1));
    }

    private static byte[] entry(String key, String value) {
        return concat(field(1, key.getBytes(StandardCharsets.UTF_8)), field(2, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    private static byte[] field(int number, byte[] payload) {
        return concat(varint((long) number << 3 | 2), varint(payload.length), payload);
    }

    private static byte[] varintField(int number, long value) {
        return concat(varint((long) number << 3), varint(value));
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            b.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }
}
