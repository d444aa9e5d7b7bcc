package io.m3j.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Gemm;

/**
 * Kernels on the incubating Vector API. Lane sums are added in lane order (never
 * {@code reduceLanes(ADD)}, whose order is unspecified), then the scalar tail: the result for one
 * row depends only on that row. Only load this class when {@code jdk.incubator.vector} is present.
 */
public final class PanamaKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        int body = len - len % L;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < body; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float sum = 0f;
        for (int l = 0; l < L; l++) sum += acc.lane(l);
        for (int i = body; i < len; i++) sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        return sum;
    }

    @Override
    public Gemm gemm() {
        // the Panama GEMM needs >= 4 FP32 lanes; both GEMMs give the same bits, so this choice changes speed only
        return Gemm.panamaAvailable()
                ? Gemm.panama() : Gemm.scalar();
    }

    @Override
    public Attention attention() {
        return Gemm.panamaAvailable() ? Attention.panama() : Attention.scalar();
    }

    @Override
    public String name() {
        return "panama(" + S + ")";
    }
}
