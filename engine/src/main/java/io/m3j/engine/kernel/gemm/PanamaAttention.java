package io.m3j.engine.kernel.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link Attention}. Scores: 4 queries x 2 vectors of keys per micro-kernel (8
 * accumulators; fits AVX2's 16 registers as well as AVX-512's 32), broadcasting one query feature
 * against a row of the transposed keys. Values: 4 queries x 2 vectors of output features,
 * broadcasting one probability against a value row. Edges use narrower forms of the same FMA
 * chains (down to scalar {@link Math#fma}), so an element's bits do not depend on where it falls.
 * Kernel methods stay small so C2 inlines their vector operations.
 */
final class PanamaAttention implements Attention {

    static final PanamaAttention INSTANCE = new PanamaAttention();

    private static final VectorSpecies<Float> S = PanamaKernels.EPILOGUE;
    private static final int L = S.length();

    private PanamaAttention() {
    }

    @Override
    public void scores(float[] q, int qOff, int qStride, int n, float[] kt, int k0, int kb, int d,
                       float scale, float[] s, int sStride) {
        AttentionArguments.checkScores(q, qOff, qStride, n, kt, k0, kb, d, s, sStride);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            for (int j = 0; j < kb; j += 2 * L) {
                scores4(q, qOff + i * qStride, qStride, kt, Attention.keyIndex(k0 + j, d), d, scale, s, i * sStride + j, sStride);
            }
        }
        for (; i < n; i++) {
            for (int j = 0; j < kb; j += 2 * L) {
                scores1(q, qOff + i * qStride, kt, Attention.keyIndex(k0 + j, d), d, scale, s, i * sStride + j);
            }
        }
    }

    private static void scores4(float[] q, int q0, int qStride, float[] kt, int k0, int d, float scale,
                                float[] s, int s0, int sStride) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        int q1 = q0 + qStride, q2 = q1 + qStride, q3 = q2 + qStride;
        for (int c = 0; c < d; c++) {
            int at = k0 + c * KEY_ALIGN;
            FloatVector b0 = FloatVector.fromArray(S, kt, at);
            FloatVector b1 = FloatVector.fromArray(S, kt, at + L);
            FloatVector a0 = FloatVector.broadcast(S, q[q0 + c]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, q[q1 + c]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, q[q2 + c]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, q[q3 + c]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        c00.mul(scale).intoArray(s, s0);
        c01.mul(scale).intoArray(s, s0 + L);
        c10.mul(scale).intoArray(s, s0 + sStride);
        c11.mul(scale).intoArray(s, s0 + sStride + L);
        c20.mul(scale).intoArray(s, s0 + 2 * sStride);
        c21.mul(scale).intoArray(s, s0 + 2 * sStride + L);
        c30.mul(scale).intoArray(s, s0 + 3 * sStride);
        c31.mul(scale).intoArray(s, s0 + 3 * sStride + L);
    }

    private static void scores1(float[] q, int q0, float[] kt, int k0, int d, float scale, float[] s, int s0) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        for (int c = 0; c < d; c++) {
            int at = k0 + c * KEY_ALIGN;
            FloatVector a = FloatVector.broadcast(S, q[q0 + c]);
            c0 = FloatVector.fromArray(S, kt, at).fma(a, c0);
            c1 = FloatVector.fromArray(S, kt, at + L).fma(a, c1);
        }
        c0.mul(scale).intoArray(s, s0);
        c1.mul(scale).intoArray(s, s0 + L);
    }

    @Override
    public void softmax(float[] s, int sStride, int n, int kb, float[] max, float[] sum, float[] rescale) {
        AttentionArguments.checkSoftmax(s, sStride, n, kb, max, sum, rescale);
        int body = kb - kb % L;
        for (int i = 0; i < n; i++) {
            int o = i * sStride;
            float newMax = Math.max(max[i], rowMax(s, o, body, kb));
            float r = max[i] == Float.NEGATIVE_INFINITY ? 0f : ScalarOps.exp(max[i] - newMax);
            shift(s, o, body, -newMax);
            PanamaEpilogue.exp(s, o, body);
            for (int j = o + body; j < o + kb; j++) s[j] = ScalarOps.exp(s[j] - newMax);
            max[i] = newMax;
            sum[i] = sum[i] * r + rowSum(s, o, body, kb);
            rescale[i] = r;
        }
    }

    private static float rowMax(float[] s, int o, int body, int kb) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = o; j < o + body; j += L) m = m.max(FloatVector.fromArray(S, s, j));
        float max = m.reduceLanes(VectorOperators.MAX); // exact in any order
        for (int j = o + body; j < o + kb; j++) max = Math.max(max, s[j]);
        return max;
    }

    private static void shift(float[] s, int o, int body, float by) {
        for (int j = o; j < o + body; j += L) FloatVector.fromArray(S, s, j).add(by).intoArray(s, j);
    }

    /** Lane-wise partial sums, then the lanes in lane order, then the tail: a fixed order. */
    private static float rowSum(float[] s, int o, int body, int kb) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = o; j < o + body; j += L) acc = acc.add(FloatVector.fromArray(S, s, j));
        float total = 0f;
        for (int l = 0; l < L; l++) total += acc.lane(l);
        for (int j = o + body; j < o + kb; j++) total += s[j];
        return total;
    }

    @Override
    public void accumulate(float[] p, int pStride, int n, int kb, float[] v, int vOff, int vStride, int d,
                           float[] rescale, float[] out) {
        AttentionArguments.checkAccumulate(p, pStride, n, kb, v, vOff, vStride, d, rescale, out);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int c = 0;
            for (; c + 2 * L <= d; c += 2 * L) {
                accumulate4(p, i * pStride, pStride, kb, v, vOff + c, vStride, rescale, i, out, i * d + c, d);
            }
            for (int r = i; r < i + 4; r++) accumulateTail(p, r * pStride, kb, v, vOff, vStride, c, d, rescale[r], out, r * d);
        }
        for (; i < n; i++) accumulateTail(p, i * pStride, kb, v, vOff, vStride, 0, d, rescale[i], out, i * d);
    }

    private static void accumulate4(float[] p, int p0, int pStride, int kb, float[] v, int v0, int vStride,
                                    float[] rescale, int i, float[] out, int o0, int d) {
        FloatVector c00 = FloatVector.fromArray(S, out, o0).mul(rescale[i]);
        FloatVector c01 = FloatVector.fromArray(S, out, o0 + L).mul(rescale[i]);
        FloatVector c10 = FloatVector.fromArray(S, out, o0 + d).mul(rescale[i + 1]);
        FloatVector c11 = FloatVector.fromArray(S, out, o0 + d + L).mul(rescale[i + 1]);
        FloatVector c20 = FloatVector.fromArray(S, out, o0 + 2 * d).mul(rescale[i + 2]);
        FloatVector c21 = FloatVector.fromArray(S, out, o0 + 2 * d + L).mul(rescale[i + 2]);
        FloatVector c30 = FloatVector.fromArray(S, out, o0 + 3 * d).mul(rescale[i + 3]);
        FloatVector c31 = FloatVector.fromArray(S, out, o0 + 3 * d + L).mul(rescale[i + 3]);
        int p1 = p0 + pStride, p2 = p1 + pStride, p3 = p2 + pStride;
        for (int j = 0; j < kb; j++) {
            int at = v0 + j * vStride;
            FloatVector b0 = FloatVector.fromArray(S, v, at);
            FloatVector b1 = FloatVector.fromArray(S, v, at + L);
            FloatVector a0 = FloatVector.broadcast(S, p[p0 + j]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, p[p1 + j]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, p[p2 + j]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, p[p3 + j]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + L);
        c10.intoArray(out, o0 + d);
        c11.intoArray(out, o0 + d + L);
        c20.intoArray(out, o0 + 2 * d);
        c21.intoArray(out, o0 + 2 * d + L);
        c30.intoArray(out, o0 + 3 * d);
        c31.intoArray(out, o0 + 3 * d + L);
    }

    /** One query's output features {@code c0..d-1}: whole vectors, then scalar FMA chains. */
    private static void accumulateTail(float[] p, int p0, int kb, float[] v, int vOff, int vStride, int c0, int d,
                                       float rescale, float[] out, int o0) {
        int c = c0;
        for (; c + L <= d; c += L) accumulate1(p, p0, kb, v, vOff + c, vStride, rescale, out, o0 + c);
        for (; c < d; c++) {
            float acc = out[o0 + c] * rescale;
            for (int j = 0; j < kb; j++) acc = Math.fma(p[p0 + j], v[vOff + j * vStride + c], acc);
            out[o0 + c] = acc;
        }
    }

    private static void accumulate1(float[] p, int p0, int kb, float[] v, int v0, int vStride, float rescale,
                                    float[] out, int o0) {
        FloatVector acc = FloatVector.fromArray(S, out, o0).mul(rescale);
        for (int j = 0; j < kb; j++) {
            acc = FloatVector.fromArray(S, v, v0 + j * vStride).fma(FloatVector.broadcast(S, p[p0 + j]), acc);
        }
        acc.intoArray(out, o0);
    }
}
