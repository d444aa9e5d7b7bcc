package io.m3j.engine.kernel;

import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Gemm;

/** Plain-Java kernels: the reference, and the fallback when the Vector API module is absent. */
public final class ScalarKernels implements Kernels {
    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        return sum;
    }

    @Override
    public Gemm gemm() {
        return Gemm.scalar();
    }

    @Override
    public Attention attention() {
        return Attention.scalar();
    }

    @Override
    public String name() {
        return "scalar";
    }
}
