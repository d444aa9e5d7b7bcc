package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PanamaKernels.MR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs rows of A into the micro-kernels' 8-row [k][8] blocks, quantizing them for INT8 weights
 * with the same arithmetic as {@link ScalarOps#quantizeRow} (so both GEMMs see the same integers).
 */
final class PanamaPacking {

    private static final VectorSpecies<Float> F = PanamaKernels.EPILOGUE;

    private PanamaPacking() {
    }

    /**
     * Packs {@code rows} rows of A (row-major, K = {@code k}, from {@code from}) into
     * {@code blocks} blocks; rows past {@code rows} in the last block are zero. With
     * {@code rowScale} non-null, also quantizes (INT8) and stores each row's scale.
     *
     * @param pattern scratch of at least max(16, lanes) floats
     */
    static void packA(float[] a, int from, int rows, int k, int blocks, float[] dst, float[] rowScale,
                      float[] pattern) {
        for (int b = 0; b < blocks; b++) {
            int base = b * MR * k;
            int blockRows = Math.min(MR, rows - b * MR);
            int src = from + b * MR * k;
            if (blockRows == MR) {
                packFullBlock(a, src, k, dst, base);
            } else {
                packPartialBlock(a, src, blockRows, k, dst, base);
            }
            if (rowScale != null) {
                quantizeBlock(a, src, blockRows, k, dst, base, rowScale, b * MR, pattern);
            }
        }
    }

    private static void packFullBlock(float[] a, int src, int k, float[] dst, int base) {
        int s1 = src + k;
        int s2 = s1 + k;
        int s3 = s2 + k;
        int s4 = s3 + k;
        int s5 = s4 + k;
        int s6 = s5 + k;
        int s7 = s6 + k;
        for (int kk = 0; kk < k; kk++) {
            int d = base + kk * MR;
            dst[d] = a[src + kk];
            dst[d + 1] = a[s1 + kk];
            dst[d + 2] = a[s2 + kk];
            dst[d + 3] = a[s3 + kk];
            dst[d + 4] = a[s4 + kk];
            dst[d + 5] = a[s5 + kk];
            dst[d + 6] = a[s6 + kk];
            dst[d + 7] = a[s7 + kk];
        }
    }

    private static void packPartialBlock(float[] a, int src, int blockRows, int k, float[] dst, int base) {
        for (int kk = 0; kk < k; kk++) {
            int d = base + kk * MR;
            for (int r = 0; r < MR; r++) {
                dst[d + r] = r < blockRows ? a[src + r * k + kk] : 0f;
            }
        }
    }

    /** Quantizes a packed block in place: lane i of a vector holds row i % 8. */
    private static void quantizeBlock(float[] a, int src, int blockRows, int k, float[] dst, int base,
                                      float[] rowScale, int rowScaleOffset, float[] pattern) {
        for (int r = 0; r < MR; r++) {
            float max = r < blockRows ? maxAbs(a, src + r * k, k) : 0f;
            float inv = ScalarOps.quantizationFactor(max);
            for (int i = r; i < Math.max(MR, F.length()); i += MR) {
                pattern[i] = inv;
            }
            if (r < blockRows) {
                rowScale[rowScaleOffset + r] = max / 127f;
            }
        }
        int end = base + MR * k;
        int i = base;
        // The factor vector repeats the 8 row factors, so it lines up only if vectors hold whole
        // groups of 8 lanes (not with 4-lane vectors: those use the scalar loop).
        if (F.length() % MR == 0) {
            FloatVector factor = FloatVector.fromArray(F, pattern, 0);
            for (; i + F.length() <= end; i += F.length()) {
                FloatVector.fromArray(F, dst, i).mul(factor).add(ScalarOps.ROUND_MAGIC).sub(ScalarOps.ROUND_MAGIC)
                        .intoArray(dst, i);
            }
        }
        for (; i < end; i++) {
            dst[i] = ScalarOps.roundToInteger(dst[i] * pattern[(i - base) % MR]);
        }
    }

    /** max |a[from..from+k)|; max is exact, so the lane order does not change the result. */
    private static float maxAbs(float[] a, int from, int k) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + F.length() <= k; i += F.length()) {
            acc = acc.max(FloatVector.fromArray(F, a, from + i).abs());
        }
        float max = acc.reduceLanes(VectorOperators.MAX);
        for (; i < k; i++) {
            max = Math.max(max, Math.abs(a[from + i]));
        }
        return max;
    }
}
