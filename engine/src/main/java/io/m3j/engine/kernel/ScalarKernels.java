package io.m3j.engine.kernel;

import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Gemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Plain-Java kernels: the reference, and the fallback when the Vector API module is absent. */
public final class ScalarKernels implements Kernels {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public void linear(float[] x, int in, MemorySegment w, float[] bias, float[] y, int out, int r0, int r1, int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            long wRow = (long) o * in;
            float b = bias == null ? 0f : bias[o];
            for (int t = r0; t < r1; t++) {
                int xRow = t * in;
                float sum = 0f;
                for (int i = 0; i < in; i++) sum = Math.fma(x[xRow + i], w.getAtIndex(F32, wRow + i), sum);
                y[t * out + o] = sum + b;
            }
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float sum = 0f;
        for (int i = 0; i < len; i++) sum = Math.fma(a[aOff + i], b[bOff + i], sum);
        return sum;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
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
