package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One named weight tensor: row-major (C order), little-endian elements in {@code data}. The data is
 * usually a slice of a memory-mapped file and stays valid until the {@link Weights} that produced
 * it is closed.
 *
 * @param source the file the tensor came from, for error messages
 */
public record Tensor(String name, DType dtype, int[] shape, MemorySegment data, String source) {

    public static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public Tensor {
        shape = shape.clone();
        long expected = numel(shape) * dtype.byteSize();
        if (data.byteSize() != expected) {
            throw new ModelFormatException("Tensor " + name + " in " + source + ": shape " + Arrays.toString(shape)
                    + " of " + dtype + " needs " + expected + " bytes but the data has " + data.byteSize());
        }
    }

    /** A float32 tensor over a heap array (used for converted or transposed weights). */
    public static Tensor ofFloats(String name, int[] shape, float[] values, String source) {
        return new Tensor(name, DType.F32, shape, MemorySegment.ofArray(values), source);
    }

    /** The element count; a shape whose byte size cannot be a file offset is a format error. */
    public static long numel(int[] shape) {
        long n = 1;
        try {
            for (int d : shape) {
                if (d < 0) throw new ModelFormatException("Negative dimension in shape " + Arrays.toString(shape));
                n = Math.multiplyExact(n, d);
            }
            Math.multiplyExact(n, 8L);
        } catch (ArithmeticException e) {
            throw new ModelFormatException("Shape " + Arrays.toString(shape) + " has too many elements");
        }
        return n;
    }

    public long numel() {
        return numel(shape);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }

    /**
     * The elements as float32 in a segment: the mapped data itself when it is already F32 (no copy),
     * otherwise a converted heap copy.
     */
    public MemorySegment f32Segment() {
        if (dtype == DType.F32) return data;
        return MemorySegment.ofArray(toFloatArray());
    }

    /** The elements converted to a new float array. */
    public float[] toFloatArray() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException("Tensor " + name + " in " + source + " has " + n
                    + " elements, too many for one Java array");
        }
        float[] out = new float[(int) n];
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, F32_LE, 0, out, 0, out.length);
            case F16 -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(data.getAtIndex(I16_LE, i));
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat(data.getAtIndex(I16_LE, i) << 16);
            }
            case F64 -> {
                for (int i = 0; i < out.length; i++) out[i] = (float) data.getAtIndex(F64_LE, i);
            }
            default -> throw new ModelFormatException("Tensor " + name + " in " + source + " has dtype " + dtype
                    + ", expected a floating-point type (F32, F16, BF16, F64)");
        }
        return out;
    }

    /** Throws unless the shape is exactly {@code expected}. */
    public Tensor requireShape(int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new ModelFormatException("Tensor " + name + " in " + source + ": expected shape "
                    + Arrays.toString(expected) + " but found " + Arrays.toString(shape));
        }
        return this;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " (" + source + ")";
    }
}
