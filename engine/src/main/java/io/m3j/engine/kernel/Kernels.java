package io.m3j.engine.kernel;

import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Gemm;

import java.lang.foreign.MemorySegment;

/**
 * The numeric primitives of the forward pass. Weights are float32 little-endian segments (often
 * memory-mapped); activations are row-major float arrays. Every reduction has a fixed order, so the
 * same input row gives bit-identical output whatever batch or thread it is computed in.
 *
 * <p>Pick an implementation with {@link #get()}.
 */
public interface Kernels {

    /**
     * {@code y[t*out + o] = bias[o] + sum_i x[t*in + i] * w[o*in + i]} for rows {@code r0 <= t < r1}
     * and outputs {@code o0 <= o < o1}: a tile of a Linear layer over a whole batch, weights as
     * [out, in]. {@code bias} may be null.
     */
    void linear(float[] x, int in, MemorySegment w, float[] bias, float[] y, int out, int r0, int r1, int o0, int o1);

    /** {@code sum_i a[aOff+i] * b[bOff+i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** {@code y[yOff+i] += alpha * x[xOff+i]}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /** The GEMM of the same family, for the Linear layers (bit-identical between families). */
    Gemm gemm();

    /** The attention kernels of the same family. */
    Attention attention();

    String name();

    /** The process-wide kernels chosen once at startup (see {@link KernelSelector}). */
    static Kernels get() {
        return KernelSelector.DEFAULT;
    }
}
