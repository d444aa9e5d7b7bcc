package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The attention kernels, driven the way the encoder drives them (query blocks x key blocks with the
 * online softmax), against a plain double-precision softmax(q·kᵀ/√d)·v, on awkward sizes, for the
 * scalar and (when present) the Panama implementation in the same JVM.
 */
class AttentionTest {

    private static final int[] LENGTHS = {1, 2, 3, 5, 17, 31, 32, 33, 63, 65, 100, 257, 300};
    private static final int[] HEAD_SIZES = {1, 7, 8, 24, 32, 33, 64, 72};

    private static List<Attention> implementations() {
        List<Attention> all = new ArrayList<>(List.of(Attention.scalar()));
        if (Gemm.panamaAvailable()) all.add(Attention.panama());
        return all;
    }

    /** q, k, v of one head inside fused rows [q | k | v | 3 unused], like the encoder's qkv buffer. */
    record Head(int len, int d, float[] qkv) {
        int stride() {
            return 3 * d + 3;
        }

        static Head random(long seed, int len, int d, float spread) {
            Random random = new Random(seed);
            float[] qkv = new float[len * (3 * d + 3)];
            for (int i = 0; i < qkv.length; i++) qkv[i] = (float) random.nextGaussian() * spread;
            return new Head(len, d, qkv);
        }

        double[][] reference() {
            double[][] out = new double[len][d];
            double scale = 1 / Math.sqrt(d);
            for (int i = 0; i < len; i++) {
                double[] s = new double[len];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) dot += (double) qkv[i * stride() + c] * qkv[j * stride() + d + c];
                    s[j] = dot * scale;
                    max = Math.max(max, s[j]);
                }
                double total = 0;
                for (int j = 0; j < len; j++) total += s[j] = Math.exp(s[j] - max);
                for (int j = 0; j < len; j++) {
                    for (int c = 0; c < d; c++) out[i][c] += s[j] / total * qkv[j * stride() + 2 * d + c];
                }
            }
            return out;
        }

        /** The encoder's loop with the given block sizes; the key block must be a multiple of KEY_ALIGN. */
        float[] attend(Attention attention, int queryBlock, int keyBlock) {
            int ldk = Attention.paddedKeys(len);
            float[] keysT = new float[d * ldk];
            for (int j = 0; j < len; j++) {
                int key = Attention.keyIndex(j, d);
                for (int c = 0; c < d; c++) keysT[key + c * Attention.KEY_ALIGN] = qkv[j * stride() + d + c];
            }
            float[] result = new float[len * d];
            float[] scores = new float[queryBlock * keyBlock];
            float[] out = new float[queryBlock * d];
            float[] max = new float[queryBlock], sum = new float[queryBlock], rescale = new float[queryBlock];
            for (int i0 = 0; i0 < len; i0 += queryBlock) {
                int n = Math.min(queryBlock, len - i0);
                Arrays.fill(out, 0f);
                Arrays.fill(max, Float.NEGATIVE_INFINITY);
                Arrays.fill(sum, 0f);
                for (int j0 = 0; j0 < len; j0 += keyBlock) {
                    int kb = Math.min(keyBlock, len - j0);
                    int padded = Attention.paddedKeys(kb);
                    attention.scores(qkv, i0 * stride(), stride(), n, keysT, j0, padded, d,
                            (float) (1 / Math.sqrt(d)), scores, keyBlock);
                    attention.softmax(scores, keyBlock, n, kb, max, sum, rescale);
                    attention.accumulate(scores, keyBlock, n, kb, qkv, j0 * stride() + 2 * d, stride(), d, rescale, out);
                }
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < d; c++) result[(i0 + i) * d + c] = out[i * d + c] / sum[i];
                }
            }
            return result;
        }
    }

    @Test
    void matchesDoublePrecisionSoftmaxAttentionOnAwkwardSizes() {
        int cases = 0;
        for (Attention attention : implementations()) {
            for (int len : LENGTHS) {
                for (int d : HEAD_SIZES) {
                    Head head = Head.random(31L * len + d, len, d, 1.5f);
                    double[][] expected = head.reference();
                    // several key blocks (online rescaling) and one block covering everything
                    for (int[] blocks : new int[][] {{5, 32}, {64, 256}}) {
                        float[] actual = head.attend(attention, blocks[0], blocks[1]);
                        for (int i = 0; i < len; i++) {
                            for (int c = 0; c < d; c++) {
                                double e = expected[i][c];
                                assertEquals(e, actual[i * d + c], 2e-5 + 2e-5 * Math.abs(e),
                                        attention + " len " + len + " d " + d + " blocks " + Arrays.toString(blocks)
                                                + " [" + i + "][" + c + "]");
                            }
                        }
                        cases++;
                    }
                }
            }
        }
        assertTrue(cases >= 2 * LENGTHS.length * HEAD_SIZES.length);
    }

    @Test
    void largeScoresDoNotOverflow() {
        // spread 30 gives scores in the hundreds: exp without the running max would overflow
        for (Attention attention : implementations()) {
            Head head = Head.random(7, 70, 16, 30f);
            double[][] expected = head.reference();
            float[] actual = head.attend(attention, 8, 32);
            for (int i = 0; i < 70; i++) {
                for (int c = 0; c < 16; c++) {
                    assertTrue(Float.isFinite(actual[i * 16 + c]));
                    assertEquals(expected[i][c], actual[i * 16 + c], 1e-3 + 1e-4 * Math.abs(expected[i][c]));
                }
            }
        }
    }

    @Test
    void aQuerysResultDoesNotDependOnItsBlock() {
        // the encoder groups queries into blocks; a row must come out the same bits in any grouping
        for (Attention attention : implementations()) {
            for (int len : new int[] {9, 70, 300}) {
                Head head = Head.random(len, len, 64, 1f);
                float[] reference = head.attend(attention, 1, 256);
                for (int queryBlock : new int[] {3, 4, 5, 8, 64}) {
                    assertArrayEquals(reference, head.attend(attention, queryBlock, 256),
                            attention + " len " + len + " query block " + queryBlock);
                }
            }
        }
    }

    @Test
    void scalarAndPanamaScoresAndOutputsAreTheSameBits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Gemm.panamaAvailable(), "needs the Vector API module");
        Random random = new Random(3);
        for (int n : new int[] {1, 3, 4, 7}) {
            for (int d : new int[] {1, 8, 17, 32, 64, 70}) {
                int kb = 64;
                float[] q = gaussian(random, n * (d + 2));
                float[] kt = gaussian(random, d * (kb + 32));
                float[] s1 = new float[n * kb], s2 = new float[n * kb];
                Attention.scalar().scores(q, 1, d + 2, n, kt, 32, kb, d, 0.3f, s1, kb);
                Attention.panama().scores(q, 1, d + 2, n, kt, 32, kb, d, 0.3f, s2, kb);
                assertArrayEquals(s1, s2, "scores n " + n + " d " + d);

                int keys = 45;
                float[] p = gaussian(random, n * kb);
                float[] v = gaussian(random, keys * (d + 1) + 2);
                float[] rescale = gaussian(random, n);
                float[] o1 = gaussian(random, n * d);
                float[] o2 = o1.clone();
                Attention.scalar().accumulate(p, kb, n, keys, v, 2, d + 1, d, rescale, o1);
                Attention.panama().accumulate(p, kb, n, keys, v, 2, d + 1, d, rescale, o2);
                assertArrayEquals(o1, o2, "outputs n " + n + " d " + d);

                float[] e1 = s1.clone(), e2 = s1.clone();
                float[] max1 = new float[n], max2 = new float[n], sum1 = new float[n], sum2 = new float[n];
                Arrays.fill(max1, 0.5f);
                Arrays.fill(max2, 0.5f);
                float[] r1 = new float[n], r2 = new float[n];
                Attention.scalar().softmax(e1, kb, n, 50, max1, sum1, r1);
                Attention.panama().softmax(e2, kb, n, 50, max2, sum2, r2);
                assertArrayEquals(e1, e2, "probabilities n " + n + " d " + d);
                assertArrayEquals(max1, max2);
                assertArrayEquals(r1, r2);
                assertArrayEquals(sum1, sum2, 1e-5f);
            }
        }
    }

    @Test
    void rejectsKeyBlocksThatAreNotWholeVectors() {
        for (Attention attention : implementations()) {
            float[] q = new float[64], kt = new float[64 * 64], s = new float[64 * 64];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> attention.scores(q, 0, 8, 2, kt, 0, 20, 8, 1f, s, 64));
            assertTrue(e.getMessage().contains("multiples of 32"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> attention.scores(q, 0, 8, 2, kt, 16, 32, 8, 1f, s, 64),
                    "a key block that starts inside a panel");
            assertThrows(IllegalArgumentException.class, () -> attention.scores(q, 0, 8, 2, kt, 512, 32, 8, 1f, s, 64),
                    "keys past the end of the transposed buffer");
            assertThrows(IllegalArgumentException.class,
                    () -> attention.accumulate(s, 64, 2, 10, q, 0, 8, 8, new float[2], new float[16]),
                    "values past the end");
        }
    }

    private static float[] gaussian(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) random.nextGaussian();
        return x;
    }
}
