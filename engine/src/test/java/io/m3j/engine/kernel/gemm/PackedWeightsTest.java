package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PackedWeightsTest {

    @Test
    void fp32KeepsEveryWeightExactly() {
        float[] w = GemmTest.gaussian(new Random(1), 33 * 17, 1f);
        PackedWeights p = PackedWeights.pack(w, 33, 17, WeightLayout.OUT_IN, Precision.FP32);
        for (int row = 0; row < 33; row++) {
            for (int col = 0; col < 17; col++) {
                assertEquals(w[row * 17 + col], p.effectiveWeight(row, col));
            }
        }
        assertEquals(2 * 32 * 17 * 4, p.sizeInBytes());
    }

    @Test
    void bf16RoundsToNearestEven() {
        Random random = new Random(2);
        float[] w = GemmTest.gaussian(random, 40 * 50, 3f);
        // Exact ties: low 16 bits 0x8000, with even and odd bf16 mantissas.
        w[0] = Float.intBitsToFloat(0x3F808000);
        w[1] = Float.intBitsToFloat(0x3F818000);
        w[2] = Float.intBitsToFloat(0xBF818000);
        w[3] = Float.intBitsToFloat(0x3F807FFF);
        PackedWeights p = PackedWeights.pack(w, 40, 50, WeightLayout.OUT_IN, Precision.BF16);
        for (int row = 0; row < 40; row++) {
            for (int col = 0; col < 50; col++) {
                float expected = ReferenceGemm.roundToBf16(w[row * 50 + col]);
                assertEquals(expected, p.effectiveWeight(row, col), "[" + row + "][" + col + "]");
            }
        }
        assertEquals(Float.intBitsToFloat(0x3F800000), p.effectiveWeight(0, 0));
        assertEquals(Float.intBitsToFloat(0x3F820000), p.effectiveWeight(0, 1));
        assertEquals(Float.intBitsToFloat(0xBF820000), p.effectiveWeight(0, 2));
        assertEquals(Float.intBitsToFloat(0x3F800000), p.effectiveWeight(0, 3));
    }

    @Test
    void int8UsesOneSymmetricScalePerOutputChannel() {
        Random random = new Random(3);
        int n = 35;
        int k = 60;
        float[] w = GemmTest.gaussian(random, n * k, 1f);
        for (int col = 0; col < k; col++) {
            w[4 * k + col] = 0f; // an all-zero channel
        }
        PackedWeights p = PackedWeights.pack(w, n, k, WeightLayout.OUT_IN, Precision.INT8);
        for (int row = 0; row < n; row++) {
            float max = 0;
            for (int col = 0; col < k; col++) {
                max = Math.max(max, Math.abs(w[row * k + col]));
            }
            float step = max / 127f;
            boolean reachesMax = false;
            for (int col = 0; col < k; col++) {
                float q = p.effectiveWeight(row, col);
                assertTrue(Math.abs(q - w[row * k + col]) <= step / 2 * 1.0001f, "[" + row + "][" + col + "]");
                reachesMax |= Math.abs(q) == 127 * step;
            }
            assertTrue(row == 4 || reachesMax, "channel " + row + " does not use the full int8 range");
        }
        assertEquals(35 * 60 * 0 + 64 * 60 + 64 * 4, p.sizeInBytes());
    }
}
