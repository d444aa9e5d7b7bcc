package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Row i of C must be bit-identical whatever batch it is computed in (M, position, neighbours),
 * however many threads run, and from run to run.
 */
class GemmDeterminismTest {

    private static final int MAX_M = 300;

    private static List<Gemm> implementations() {
        List<Gemm> list = new ArrayList<>();
        list.add(Gemm.scalar());
        if (Gemm.panamaAvailable()) {
            list.add(Gemm.panama());
        }
        return list;
    }

    private static float[] rowAlone(Gemm g, float[] a, int row, PackedWeights w, Epilogue e) {
        int k = w.k();
        float[] c = new float[w.n()];
        g.multiply(Arrays.copyOfRange(a, row * k, (row + 1) * k), 1, w, c, e, ParallelFor.serial());
        return c;
    }

    @Test
    void rowsAreIndependentOfBatchSizePositionAndThreadCount() {
        int[][] shapes = {{385, 100}, {64, 33}};
        Random random = new Random(99);
        int compared = 0;
        try (ThreadPoolParallelFor two = new ThreadPoolParallelFor(2);
             ThreadPoolParallelFor three = new ThreadPoolParallelFor(3)) {
            ParallelFor[] parallels = {ParallelFor.serial(), two, three};
            for (int[] shape : shapes) {
                int k = shape[0];
                int n = shape[1];
                float[] a = GemmTest.gaussian(random, MAX_M * k, 1f);
                float[] w = GemmTest.gaussian(random, n * k, 0.1f);
                float[] bias = GemmTest.gaussian(random, n, 1f);
                for (Precision precision : Precision.values()) {
                    PackedWeights packed = PackedWeights.pack(w, n, k, WeightLayout.OUT_IN, precision);
                    // add & norm with a zero residual: the LayerNorm runs inside the tasks (large M)
                    // or after them (small M, rows split over panel ranges); either way the same bits
                    LayerNorm norm = new LayerNorm(GemmTest.gaussian(random, n, 1f), GemmTest.gaussian(random, n, 1f), 1e-5f);
                    for (Epilogue e : new Epilogue[] {Epilogue.bias(bias), Epilogue.biasGeluErf(bias),
                            Epilogue.biasGeluTanh(bias), Epilogue.biasResidualLayerNorm(bias, new float[MAX_M * n], 0, norm)}) {
                        for (Gemm g : implementations()) {
                            float[][] alone = new float[MAX_M][];
                            for (int row = 0; row < MAX_M; row++) {
                                alone[row] = rowAlone(g, a, row, packed, e);
                            }
                            for (int m : new int[] {2, 7, 8, 9, 63, 65, MAX_M}) {
                                for (ParallelFor parallel : parallels) {
                                    // Batch of m rows starting at a shifting position, so each row
                                    // lands at different places in the 8-row blocks and tiles.
                                    int first = (m * 7 + parallel.parallelism()) % (MAX_M - m + 1);
                                    float[] c = new float[m * n];
                                    g.multiply(a, first * k, m, packed, c, 0, e, parallel);
                                    for (int i = 0; i < m; i++) {
                                        assertArrayEquals(alone[first + i], Arrays.copyOfRange(c, i * n, (i + 1) * n),
                                                g.name() + " " + precision + " " + e.kind() + " K=" + k + " N=" + n
                                                        + " row " + (first + i) + " at position " + i + " of M=" + m
                                                        + " threads=" + parallel.parallelism());
                                        compared++;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(2 * 3 * 4 * implementations().size() * 3 * (2 + 7 + 8 + 9 + 63 + 65 + MAX_M), compared);
    }

    @Test
    void shuffledBatchGivesShuffledRowsBitwise() {
        int k = 200;
        int n = 96;
        int m = 120;
        Random random = new Random(5);
        float[] a = GemmTest.gaussian(random, m * k, 1f);
        float[] w = GemmTest.gaussian(random, n * k, 0.1f);
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = (i * 37 + 11) % m;
        }
        float[] shuffled = new float[m * k];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, order[i] * k, shuffled, i * k, k);
        }
        try (ThreadPoolParallelFor pool = new ThreadPoolParallelFor(2)) {
            for (Precision precision : Precision.values()) {
                PackedWeights packed = PackedWeights.pack(w, n, k, WeightLayout.IN_OUT, precision);
                for (Gemm g : implementations()) {
                    float[] c = new float[m * n];
                    float[] cShuffled = new float[m * n];
                    g.multiply(a, m, packed, c, Epilogue.none(), pool);
                    g.multiply(shuffled, m, packed, cShuffled, Epilogue.none(), ParallelFor.serial());
                    for (int i = 0; i < m; i++) {
                        assertArrayEquals(Arrays.copyOfRange(c, order[i] * n, (order[i] + 1) * n),
                                Arrays.copyOfRange(cShuffled, i * n, (i + 1) * n), g.name() + " " + precision);
                    }
                    float[] again = new float[m * n];
                    g.multiply(a, m, packed, again, Epilogue.none(), pool);
                    assertArrayEquals(c, again, g.name() + " " + precision + " run to run");
                }
            }
        }
    }
}
