package io.m3j.engine.kernel.gemm;

import java.util.Arrays;

/**
 * Run by {@link NarrowVectorsTest} in JVMs whose vectors are capped at 256 or 128 bits
 * ({@code -XX:MaxVectorSize}), so the AVX2 and NEON/SSE kernel families run on this machine: the
 * GEMM must give the scalar GEMM's bits, and attention must match the double reference.
 * Argument: the FP32 lane count the JVM is expected to prefer.
 */
public final class NarrowVectorsMain {

    private NarrowVectorsMain() {
    }

    public static void main(String[] args) {
        int lanes = Integer.parseInt(args[0]);
        if (PanamaKernels.LANES != lanes) {
            fail("expected " + lanes + " preferred FP32 lanes, the JVM gives " + PanamaKernels.LANES);
        }
        int compared = 0;
        long seed = 5000;
        try (ThreadPoolParallelFor pool = new ThreadPoolParallelFor(2)) {
            for (Precision precision : Precision.values()) {
                for (int[] s : new int[][] {{1, 1, 1}, {3, 33, 17}, {9, 31, 100}, {40, 70, 385}}) {
                    GemmTest.Problem p = GemmTest.Problem.random(seed++, s[0], s[1], s[2], WeightLayout.OUT_IN, precision);
                    for (Epilogue e : p.epilogues()) {
                        float[] scalar = p.run(Gemm.scalar(), e, ParallelFor.serial());
                        float[] panama = p.run(Gemm.panama(), e, pool);
                        if (!Arrays.equals(scalar, panama)) {
                            fail("GEMM " + precision + " " + Arrays.toString(s) + " " + e + " differs from scalar");
                        }
                        compared++;
                    }
                }
            }
        }
        for (int len : new int[] {1, 5, 33, 100}) {
            for (int d : new int[] {3, 8, 32, 40}) {
                AttentionTest.Head head = AttentionTest.Head.random(len * 100L + d, len, d, 1.5f);
                double[][] expected = head.reference();
                float[] actual = head.attend(Attention.panama(), 5, 32);
                for (int i = 0; i < len; i++) {
                    for (int c = 0; c < d; c++) {
                        if (Math.abs(expected[i][c] - actual[i * d + c]) > 2e-5 + 2e-5 * Math.abs(expected[i][c])) {
                            fail("attention len " + len + " d " + d + " [" + i + "][" + c + "]: " + actual[i * d + c]
                                    + " vs " + expected[i][c]);
                        }
                    }
                }
                compared++;
            }
        }
        System.out.println("narrow vectors OK: " + lanes + " lanes, " + compared + " comparisons");
    }

    private static void fail(String message) {
        System.out.println("FAIL: " + message);
        System.exit(1);
    }
}
