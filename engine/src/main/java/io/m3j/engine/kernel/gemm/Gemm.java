package io.m3j.engine.kernel.gemm;

/**
 * {@code C[M x N] = epilogue(A[M x K] · Wᵀ)} with A row-major activations (M tokens of K features),
 * W a {@link PackedWeights} of N outputs x K inputs, and C row-major.
 *
 * <p>Determinism: every output element is the dot product accumulated along k = 0..K-1 in order
 * with fused multiply-adds starting from zero, then the epilogue. So row i of C depends only on
 * row i of A (and W, epilogue): the result is bit-identical whatever M is, whatever rows surround
 * it, however the work is split over threads, and from run to run. The scalar and Panama
 * implementations give bit-identical results, GELU epilogues included (they use their own exp,
 * built from IEEE additions and multiplications, rather than library exp/tanh whose last bits
 * may differ between interpreter, JIT and vector forms).
 *
 * <p>INT8 weights: each row of A is quantized at call time (symmetric, scale {@code max|a|/127});
 * the int8 x int8 products are exact in FP32 and are accumulated in FP32 (exact while partial sums
 * stay below 2^24 in magnitude), then scaled by the row and column scales.
 */
public interface Gemm {

    /** Short name for logs and benchmarks. */
    String name();

    /**
     * Computes {@code c[cOffset + i·N + j] = epilogue((A·Wᵀ)[i][j])} for i < m, j < N, with
     * {@code A[i][k] = a[aOffset + i·K + k]}. {@code a} and {@code c} must not overlap; a residual
     * may be {@code c} itself only at {@code cOffset}. Throws IllegalArgumentException on sizes that
     * do not fit.
     */
    void multiply(float[] a, int aOffset, int m, PackedWeights w, float[] c, int cOffset,
                  Epilogue epilogue, ParallelFor parallel);

    /** {@link #multiply(float[], int, int, PackedWeights, float[], int, Epilogue, ParallelFor)} from offset 0. */
    default void multiply(float[] a, int m, PackedWeights w, float[] c, Epilogue epilogue, ParallelFor parallel) {
        multiply(a, 0, m, w, c, 0, epilogue, parallel);
    }

    /** Plain-Java implementation; works without the Vector API module. */
    static Gemm scalar() {
        return ScalarGemm.INSTANCE;
    }

    /**
     * True if the Vector API module is present and FP32 vectors have at least 4 lanes (128-bit
     * NEON/SSE and 256-bit AVX2: 4x16 kernels; AVX-512: 8x32 kernels).
     */
    static boolean panamaAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && PanamaSupport.hasEnoughLanes();
    }

    /**
     * Vector API implementation.
     *
     * @throws UnsupportedOperationException if {@link #panamaAvailable()} is false
     */
    static Gemm panama() {
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            throw new UnsupportedOperationException(
                    "Gemm.panama(): module jdk.incubator.vector is not present (run with --add-modules jdk.incubator.vector)");
        }
        if (!PanamaSupport.hasEnoughLanes()) {
            throw new UnsupportedOperationException("Gemm.panama(): needs FP32 vectors of at least 4 lanes; this CPU's "
                    + "preferred FP32 vector has " + PanamaSupport.preferredFloatLanes() + " lanes");
        }
        return PanamaSupport.create();
    }
}
