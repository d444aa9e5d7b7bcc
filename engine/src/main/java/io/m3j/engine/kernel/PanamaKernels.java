package io.m3j.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Gemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Kernels on the incubating Vector API. Lane sums are added in lane order (never
 * {@code reduceLanes(ADD)}, whose order is unspecified), then the scalar tail: the result for one
 * row depends only on that row. Only load this class when {@code jdk.incubator.vector} is present.
 */
public final class PanamaKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @Override
    public void linear(float[] x, int in, MemorySegment w, float[] bias, float[] y, int out, int r0, int r1, int o0, int o1) {
        float[] lanes = new float[4 * L];
        int body = in - in % L;
        int t = r0;
        // four input rows share each weight load
        for (; t + 4 <= r1; t += 4) {
            for (int o = o0; o < o1; o++) {
                long wRow = (long) o * in * Float.BYTES;
                int x0 = t * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0; i < body; i += L) {
                    FloatVector wv = FloatVector.fromMemorySegment(S, w, wRow + (long) i * Float.BYTES, LE);
                    a0 = FloatVector.fromArray(S, x, x0 + i).fma(wv, a0);
                    a1 = FloatVector.fromArray(S, x, x1 + i).fma(wv, a1);
                    a2 = FloatVector.fromArray(S, x, x2 + i).fma(wv, a2);
                    a3 = FloatVector.fromArray(S, x, x3 + i).fma(wv, a3);
                }
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, L);
                a2.intoArray(lanes, 2 * L);
                a3.intoArray(lanes, 3 * L);
                float b = bias == null ? 0f : bias[o];
                y[t * out + o] = finish(lanes, 0, x, x0, w, wRow, body, in) + b;
                y[(t + 1) * out + o] = finish(lanes, L, x, x1, w, wRow, body, in) + b;
                y[(t + 2) * out + o] = finish(lanes, 2 * L, x, x2, w, wRow, body, in) + b;
                y[(t + 3) * out + o] = finish(lanes, 3 * L, x, x3, w, wRow, body, in) + b;
            }
        }
        for (; t < r1; t++) {
            for (int o = o0; o < o1; o++) {
                long wRow = (long) o * in * Float.BYTES;
                int x0 = t * in;
                FloatVector a0 = FloatVector.zero(S);
                for (int i = 0; i < body; i += L) {
                    FloatVector wv = FloatVector.fromMemorySegment(S, w, wRow + (long) i * Float.BYTES, LE);
                    a0 = FloatVector.fromArray(S, x, x0 + i).fma(wv, a0);
                }
                a0.intoArray(lanes, 0);
                float b = bias == null ? 0f : bias[o];
                y[t * out + o] = finish(lanes, 0, x, x0, w, wRow, body, in) + b;
            }
        }
    }

    /** Lane sums in lane order, then the elements past the last full vector. */
    private static float finish(float[] lanes, int lane0, float[] x, int xRow, MemorySegment w, long wRowBytes, int body, int in) {
        float sum = 0f;
        for (int l = 0; l < L; l++) sum += lanes[lane0 + l];
        for (int i = body; i < in; i++) sum = Math.fma(x[xRow + i], w.get(F32, wRowBytes + (long) i * Float.BYTES), sum);
        return sum;
    }

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
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        int body = len - len % L;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < body; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(va, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (int i = body; i < len; i++) y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
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
