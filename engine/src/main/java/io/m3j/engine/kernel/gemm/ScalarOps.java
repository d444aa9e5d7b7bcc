package io.m3j.engine.kernel.gemm;

/**
 * Scalar pieces both GEMM implementations share, so they quantize activations and order the
 * epilogue arithmetic identically.
 */
final class ScalarOps {

    // Abramowitz & Stegun 7.1.26: erfc(z) ≈ t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·exp(-z²),
    // t = 1/(1 + p·z), z >= 0, absolute error <= 1.5e-7 (about one float ulp of erf near 1).
    static final float ERF_P = 0.3275911f;
    static final float ERF_A1 = 0.254829592f;
    static final float ERF_A2 = -0.284496736f;
    static final float ERF_A3 = 1.421413741f;
    static final float ERF_A4 = -1.453152027f;
    static final float ERF_A5 = 1.061405429f;
    static final float INV_SQRT2 = 0.70710678118654752f;
    static final float SQRT_2_OVER_PI = 0.79788456080286536f;
    static final float GELU_TANH_CUBIC = 0.044715f;

    private ScalarOps() {
    }

    /**
     * Quantizes {@code k} activations {@code a[from..]} to integers in [-127, 127] (held as floats,
     * exact) written to {@code dst[dstOffset + i·dstStride]}; returns the row's scale
     * {@code max|a| / 127}. A row of zeros gets scale 0.
     */
    static float quantizeRow(float[] a, int from, int k, float[] dst, int dstOffset, int dstStride) {
        float max = 0f;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, Math.abs(a[from + i]));
        }
        float inv = max == 0f ? 0f : 127f / max;
        for (int i = 0; i < k; i++) {
            dst[dstOffset + i * dstStride] = (float) Math.rint(a[from + i] * inv);
        }
        return max / 127f;
    }

    /** {@code v/2 · (1 + erf(v/√2))}; for v < 0 uses erfc directly to avoid cancellation. */
    static float geluErf(float v) {
        float z = Math.abs(v) * INV_SQRT2;
        float t = 1f / (1f + ERF_P * z);
        float poly = t * (ERF_A1 + t * (ERF_A2 + t * (ERF_A3 + t * (ERF_A4 + t * ERF_A5))));
        float erfc = poly * (float) Math.exp(-(z * z));
        float onePlusErf = v < 0f ? erfc : 2f - erfc;
        return 0.5f * v * onePlusErf;
    }

    /** {@code v/2 · (1 + tanh(√(2/π) · (v + 0.044715 v³)))}. */
    static float geluTanh(float v) {
        float inner = SQRT_2_OVER_PI * (v + GELU_TANH_CUBIC * (v * v * v));
        return 0.5f * v * (1f + (float) Math.tanh(inner));
    }

    /** Applies {@code e} to the dot product {@code x} of output element [row][col] of an N-column C. */
    static float epilogue(Epilogue e, float x, int row, int col, int n) {
        float[] bias = e.bias();
        float v = bias == null ? x : x + bias[col];
        return switch (e.kind()) {
            case NONE, BIAS -> v;
            case BIAS_GELU_ERF -> geluErf(v);
            case BIAS_GELU_TANH -> geluTanh(v);
            case BIAS_RESIDUAL -> v + e.residual()[e.residualOffset() + row * n + col];
        };
    }
}
