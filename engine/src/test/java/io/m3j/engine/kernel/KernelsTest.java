package io.m3j.engine.kernel;

import org.junit.jupiter.api.Test;

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
    void dotAtOffsets() {
        Random random = new Random(3);
        for (Kernels k : ALL) {
            for (int len : SIZES) {
                float[] a = randomFloats(random, len + 5), b = randomFloats(random, len + 9);
                double ref = 0;
                for (int i = 0; i < len; i++) ref += (double) a[5 + i] * b[9 + i];
                assertEquals(ref, k.dot(a, 5, b, 9, len), 1e-5 * (1 + Math.sqrt(len)), k.name());
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
}
