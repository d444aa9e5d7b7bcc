package io.m3j.engine.kernel;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both implementations, in one JVM, on sizes that are not multiples of the vector length. */
class KernelsTest {
    private static final List<Kernels> ALL = List.of(KernelSelector.scalar(), KernelSelector.panama());
    private static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 33, 100, 130};

    @Test
    void linearMatchesDoublePrecisionReference() {
        Random random = new Random(7);
        for (Kernels k : ALL) {
            for (int in : SIZES) {
                int rows = 1 + random.nextInt(9), out = 1 + random.nextInt(6);
                float[] x = randomFloats(random, rows * in);
                float[] w = randomFloats(random, out * in);
                float[] bias = randomFloats(random, out);
                float[] y = new float[rows * out];
                k.linear(x, in, nativeSegment(w), bias, y, out, 0, rows, 0, out);
                for (int t = 0; t < rows; t++) {
                    for (int o = 0; o < out; o++) {
                        double ref = bias[o];
                        for (int i = 0; i < in; i++) ref += (double) x[t * in + i] * w[o * in + i];
                        assertEquals(ref, y[t * out + o], 1e-5 * (1 + Math.sqrt(in)), k.name() + " in=" + in);
                    }
                }
            }
        }
    }

    @Test
    void linearRowResultIsBitIdenticalWhateverTheTile() {
        Random random = new Random(11);
        for (Kernels k : ALL) {
            for (int in : SIZES) {
                int rows = 11, out = 5;
                float[] x = randomFloats(random, rows * in);
                MemorySegment w = nativeSegment(randomFloats(random, out * in));
                float[] all = new float[rows * out];
                k.linear(x, in, w, null, all, out, 0, rows, 0, out);
                float[] pieces = new float[rows * out];
                k.linear(x, in, w, null, pieces, out, 0, 3, 0, 2);        // 3 rows: the single-row path
                k.linear(x, in, w, null, pieces, out, 0, 3, 2, out);
                k.linear(x, in, w, null, pieces, out, 3, 7, 0, out);      // a block of 4
                for (int t = 7; t < rows; t++) k.linear(x, in, w, null, pieces, out, t, t + 1, 0, out);
                for (int i = 0; i < all.length; i++) {
                    assertEquals(Float.floatToRawIntBits(all[i]), Float.floatToRawIntBits(pieces[i]), k.name() + " in=" + in + " at " + i);
                }
            }
        }
    }

    @Test
    void dotAndAxpyAtOffsets() {
        Random random = new Random(3);
        for (Kernels k : ALL) {
            for (int len : SIZES) {
                float[] a = randomFloats(random, len + 5), b = randomFloats(random, len + 9);
                double ref = 0;
                for (int i = 0; i < len; i++) ref += (double) a[5 + i] * b[9 + i];
                assertEquals(ref, k.dot(a, 5, b, 9, len), 1e-5 * (1 + Math.sqrt(len)), k.name());
                float[] y = b.clone();
                k.axpy(0.75f, a, 5, y, 9, len);
                for (int i = 0; i < 9; i++) assertEquals(b[i], y[i]);
                for (int i = 0; i < len; i++) assertEquals(b[9 + i] + 0.75 * a[5 + i], y[9 + i], 1e-6);
            }
        }
    }

    @Test
    void selection() {
        assertTrue(KernelSelector.vectorApiAvailable(), "tests run with --add-modules jdk.incubator.vector");
        assertEquals("scalar", KernelSelector.select("scalar").name());
        assertTrue(KernelSelector.select("panama").name().startsWith("panama"));
        assertTrue(KernelSelector.select("auto").name().startsWith("panama"));
        assertThrows(IllegalStateException.class, () -> KernelSelector.select("gpu"));
    }

    private static float[] randomFloats(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) random.nextGaussian();
        return out;
    }

    /** Weights as they come from a file: a native little-endian segment. */
    private static MemorySegment nativeSegment(float[] values) {
        MemorySegment s = java.lang.foreign.Arena.ofAuto().allocate((long) values.length * 4, 4);
        for (int i = 0; i < values.length; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, values[i]);
        return s;
    }
}
