package io.m3j.engine.kernel;

import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Gemm;

/**
 * The numeric primitives of the forward pass: the packed GEMM for the Linear layers, the attention
 * kernels, and a dot product (the sparse head). Every reduction has a fixed order, so the same
 * input row gives bit-identical output whatever batch or thread it is computed in.
 *
 * <p>Pick an implementation with {@link #get()}.
 */
public interface Kernels {

    /** {@code sum_i a[aOff+i] * b[bOff+i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

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
