package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GemmTest {

    private static final int[] AWKWARD = {1, 3, 15, 16, 17, 31, 33};
    private static final int[][] LARGE = {{100, 385, 385}, {385, 33, 100}, {17, 100, 385}, {9, 1536, 384}};

    private static ThreadPoolParallelFor pool;

    @BeforeAll
    static void startPool() {
        pool = new ThreadPoolParallelFor(3);
    }

    @AfterAll
    static void stopPool() {
        pool.close();
    }

    /** A test problem: source data, the packed weights, and the epilogue inputs. */
    record Problem(int m, int n, int k, float[] a, float[] w, WeightLayout layout, Precision precision,
                   PackedWeights packed, float[] bias, float[] residual, LayerNorm norm, ReferenceGemm.Result[] dots) {

        static Problem random(long seed, int m, int n, int k, WeightLayout layout, Precision precision) {
            Random random = new Random(seed);
            float[] a = gaussian(random, m * k, 1f);
            float[] w = gaussian(random, n * k, (float) (1 / Math.sqrt(k)));
            float[] bias = gaussian(random, n, 2f);
            float[] residual = gaussian(random, m * n + 5, 1f);
            LayerNorm norm = new LayerNorm(gaussian(random, n, 1f), gaussian(random, n, 1f), 1e-5f);
            return new Problem(m, n, k, a, w, layout, precision, PackedWeights.pack(w, n, k, layout, precision),
                    bias, residual, norm, new ReferenceGemm.Result[1]);
        }

        List<Epilogue> epilogues() {
            return List.of(Epilogue.none(), Epilogue.bias(bias), Epilogue.biasGeluErf(bias),
                    Epilogue.biasGeluTanh(bias), Epilogue.biasResidual(bias, residual, 5),
                    Epilogue.biasResidual(null, residual, 0), Epilogue.biasResidualLayerNorm(bias, residual, 5, norm));
        }

        ReferenceGemm.Result reference(Epilogue e) {
            if (dots[0] == null) {
                dots[0] = ReferenceGemm.multiply(a, m, w, n, k, layout, precision);
            }
            return ReferenceGemm.withEpilogue(dots[0], n, e);
        }

        float[] run(Gemm gemm, Epilogue e, ParallelFor parallel) {
            float[] c = new float[m * n];
            gemm.multiply(a, m, packed, c, e, parallel);
            return c;
        }
    }

    static float[] gaussian(Random random, int size, float sigma) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextGaussian() * sigma;
        }
        return x;
    }

    private static List<Gemm> implementations() {
        List<Gemm> list = new ArrayList<>();
        list.add(Gemm.scalar());
        if (Gemm.panamaAvailable()) {
            list.add(Gemm.panama());
        }
        return list;
    }

    private static void assertCloseToReference(Problem p, Epilogue e, float[] c, String what) {
        ReferenceGemm.Result ref = p.reference(e);
        boolean gelu = e.kind() == Epilogue.Kind.BIAS_GELU_ERF || e.kind() == Epilogue.Kind.BIAS_GELU_TANH;
        for (int i = 0; i < c.length; i++) {
            double expected = ref.c()[i];
            double tol = 2e-6 * ref.magnitude()[i] + 1e-6 + (gelu ? 1e-6 * (1 + Math.abs(expected)) : 0);
            if (!(Math.abs(c[i] - expected) <= tol)) {
                fail(what + " element [" + i / p.n + "][" + i % p.n + "]: got " + c[i] + ", reference " + expected
                        + " (tolerance " + tol + ")");
            }
        }
    }

    private static String describe(Gemm g, Problem p, Epilogue e) {
        return g.name() + " " + p.precision + " " + p.layout + " M=" + p.m + " N=" + p.n + " K=" + p.k + " " + e.kind()
                + (e.norm() == null ? "" : " + LayerNorm") + (e.bias() == null ? " (no bias)" : "");
    }

    @Test
    void matchesReferenceOnAwkwardSizesAllEpiloguesPrecisionsAndLayouts() {
        long seed = 1;
        int checked = 0;
        for (Precision precision : Precision.values()) {
            for (int m : AWKWARD) {
                for (int n : AWKWARD) {
                    for (int k : AWKWARD) {
                        WeightLayout layout = (m + n + k) % 2 == 0 ? WeightLayout.OUT_IN : WeightLayout.IN_OUT;
                        Problem p = Problem.random(seed++, m, n, k, layout, precision);
                        for (Epilogue e : p.epilogues()) {
                            for (Gemm g : implementations()) {
                                assertCloseToReference(p, e, p.run(g, e, ParallelFor.serial()), describe(g, p, e));
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked >= 3 * 343 * 6);
    }

    @Test
    void matchesReferenceOnLargerSizesWithThreads() {
        long seed = 1000;
        for (Precision precision : Precision.values()) {
            for (int[] s : LARGE) {
                for (WeightLayout layout : WeightLayout.values()) {
                    Problem p = Problem.random(seed++, s[0], s[1], s[2], layout, precision);
                    for (Epilogue e : p.epilogues()) {
                        for (Gemm g : implementations()) {
                            assertCloseToReference(p, e, p.run(g, e, pool), describe(g, p, e));
                        }
                    }
                }
            }
        }
    }

    @Test
    void panamaEqualsScalarBitwise() {
        assumeTrue(Gemm.panamaAvailable(), "no usable Vector API on this machine");
        long seed = 2000;
        int compared = 0;
        for (Precision precision : Precision.values()) {
            for (int[] s : new int[][] {{1, 1, 1}, {3, 33, 17}, {17, 31, 100}, {100, 385, 100}, {385, 100, 33}}) {
                Problem p = Problem.random(seed++, s[0], s[1], s[2], WeightLayout.OUT_IN, precision);
                for (Epilogue e : p.epilogues()) {
                    float[] scalar = p.run(Gemm.scalar(), e, ParallelFor.serial());
                    float[] panama = p.run(Gemm.panama(), e, pool);
                    assertArrayEquals(scalar, panama, describe(Gemm.panama(), p, e));
                    compared++;
                }
            }
        }
        assertEquals(3 * 5 * 7, compared);
    }

    @Test
    void bothSourceLayoutsAndMemorySegmentPackIdentically() {
        Random random = new Random(7);
        int n = 45;
        int k = 37;
        float[] outIn = gaussian(random, n * k, 1f);
        float[] inOut = new float[n * k];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < k; col++) {
                inOut[col * n + row] = outIn[row * k + col];
            }
        }
        float[] a = gaussian(random, 9 * k, 1f);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(12 + (long) n * k * 4);
            for (int i = 0; i < n * k; i++) {
                seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 12 + 4L * i, inOut[i]);
            }
            for (Precision precision : Precision.values()) {
                PackedWeights fromOutIn = PackedWeights.pack(outIn, n, k, WeightLayout.OUT_IN, precision);
                PackedWeights fromInOut = PackedWeights.pack(inOut, n, k, WeightLayout.IN_OUT, precision);
                PackedWeights fromSegment = PackedWeights.pack(seg, 12, n, k, WeightLayout.IN_OUT, precision);
                for (Gemm g : implementations()) {
                    float[] c1 = new float[9 * n];
                    float[] c2 = new float[9 * n];
                    float[] c3 = new float[9 * n];
                    g.multiply(a, 9, fromOutIn, c1, Epilogue.none(), ParallelFor.serial());
                    g.multiply(a, 9, fromInOut, c2, Epilogue.none(), ParallelFor.serial());
                    g.multiply(a, 9, fromSegment, c3, Epilogue.none(), ParallelFor.serial());
                    assertArrayEquals(c1, c2, g.name() + " " + precision);
                    assertArrayEquals(c1, c3, g.name() + " " + precision);
                }
            }
        }
    }

    @Test
    void residualMayBeTheOutputItself() {
        Problem p = Problem.random(11, 19, 70, 40, WeightLayout.OUT_IN, Precision.FP32);
        for (Gemm g : implementations()) {
            float[] expected = p.run(g, Epilogue.biasResidual(p.bias, p.residual, 0), ParallelFor.serial());
            float[] inPlace = java.util.Arrays.copyOf(p.residual, p.m * p.n);
            g.multiply(p.a, p.m, p.packed, inPlace, Epilogue.biasResidual(p.bias, inPlace, 0), ParallelFor.serial());
            assertArrayEquals(expected, inPlace, g.name());
        }
    }

    @Test
    void offsetsReadAndWriteTheRightElements() {
        Problem p = Problem.random(12, 5, 40, 20, WeightLayout.OUT_IN, Precision.FP32);
        float[] a = new float[3 + p.a.length];
        System.arraycopy(p.a, 0, a, 3, p.a.length);
        for (Gemm g : implementations()) {
            float[] expected = p.run(g, Epilogue.none(), ParallelFor.serial());
            float[] c = new float[7 + p.m * p.n + 2];
            java.util.Arrays.fill(c, -99f);
            g.multiply(a, 3, p.m, p.packed, c, 7, Epilogue.none(), ParallelFor.serial());
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(c, 7, 7 + p.m * p.n), g.name());
            for (int i : new int[] {0, 6, c.length - 2, c.length - 1}) {
                assertEquals(-99f, c[i], g.name() + " wrote outside C at " + i);
            }
        }
    }

    @Test
    void quantizedResultsStayCloseToFp32() {
        int m = 64;
        int n = 256;
        int k = 384;
        Problem fp32 = Problem.random(13, m, n, k, WeightLayout.OUT_IN, Precision.FP32);
        Gemm g = implementations().getLast();
        float[] exact = fp32.run(g, Epilogue.none(), pool);
        for (Precision precision : new Precision[] {Precision.BF16, Precision.INT8}) {
            PackedWeights packed = PackedWeights.pack(fp32.w, n, k, WeightLayout.OUT_IN, precision);
            float[] c = new float[m * n];
            g.multiply(fp32.a, m, packed, c, Epilogue.none(), pool);
            double num = 0;
            double den = 0;
            for (int i = 0; i < c.length; i++) {
                num += (c[i] - exact[i]) * (double) (c[i] - exact[i]);
                den += exact[i] * (double) exact[i];
            }
            double relative = Math.sqrt(num / den);
            System.out.printf("%s relative Frobenius error vs FP32 (%dx%dx%d, gaussian data): %.2e%n",
                    precision, m, n, k, relative);
            assertTrue(relative < (precision == Precision.BF16 ? 5e-3 : 2e-2), precision + ": " + relative);
        }
    }

    @Test
    void badArgumentsAreRejectedWithClearMessages() {
        PackedWeights w = PackedWeights.pack(new float[12], 3, 4, WeightLayout.OUT_IN, Precision.FP32);
        for (Gemm g : implementations()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.multiply(new float[7], 2, w, new float[6], Epilogue.none(), ParallelFor.serial()));
            assertTrue(e.getMessage().contains("A needs 8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> g.multiply(new float[8], 2, w, new float[5], Epilogue.none(), ParallelFor.serial()));
            assertTrue(e.getMessage().contains("C needs 6"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> g.multiply(new float[8], 2, w, new float[6], Epilogue.bias(new float[2]), ParallelFor.serial()));
            assertTrue(e.getMessage().contains("bias has 2"), e.getMessage());
            float[] shared = new float[20];
            e = assertThrows(IllegalArgumentException.class,
                    () -> g.multiply(shared, 0, 2, w, shared, 4, Epilogue.none(), ParallelFor.serial()));
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
            float[] c = new float[10];
            e = assertThrows(IllegalArgumentException.class, () -> g.multiply(new float[8], 0, 2, w, c, 0,
                    Epilogue.biasResidual(null, c, 1), ParallelFor.serial()));
            assertTrue(e.getMessage().contains("residual overlaps C"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> PackedWeights.pack(new float[11], 3, 4, WeightLayout.OUT_IN, Precision.FP32));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> PackedWeights.pack(new float[] {1, Float.NaN, 0, 0}, 2, 2, WeightLayout.OUT_IN, Precision.INT8));
        assertTrue(nan.getMessage().contains("[0][1]"), nan.getMessage());
    }
}
