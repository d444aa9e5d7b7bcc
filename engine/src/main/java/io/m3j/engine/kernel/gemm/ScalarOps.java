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

    // exp(x) = 2^n · e^r with n = rint(x·log2 e), r = x - n·ln 2 (Cody-Waite: ln2 split so n·LN2_HI
    // is exact), e^r by its Taylor polynomial to degree 7 (truncation < 6e-9 for |r| <= ln2/2).
    static final float EXP_MIN = -87f;
    static final float EXP_MAX = 88f;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude < 2^22 to the nearest integer. */
    static final float ROUND_MAGIC = 12582912f;
    static final float[] EXP_TAYLOR = {1f / 5040, 1f / 720, 1f / 120, 1f / 24, 1f / 6, 1f / 2, 1f, 1f};

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
        float inv = quantizationFactor(max);
        for (int i = 0; i < k; i++) {
            dst[dstOffset + i * dstStride] = roundToInteger(a[from + i] * inv);
        }
        return max / 127f;
    }

    /** What a row whose largest magnitude is {@code max} is multiplied by before rounding. */
    static float quantizationFactor(float max) {
        return max == 0f ? 0f : 127f / max;
    }

    /**
     * Nearest integer, ties to even, for |x| < 2^22 (here |x| <= 127): adding 1.5·2^23 leaves no
     * fraction bits. The same two float operations in scalar and vector code give the same bits.
     */
    static float roundToInteger(float x) {
        return (x + ROUND_MAGIC) - ROUND_MAGIC;
    }

    /**
     * e^x from additions, multiplications and bit operations only, so that it gives the same bits
     * interpreted or compiled and in its vector form ({@code PanamaEpilogue.exp}); library exp
     * (Math.exp, the Vector API's EXP) may differ between those and would make results depend on
     * JIT timing. x is clamped to [-87, 88]; relative error about 2 ulp.
     */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float shifted = x * LOG2E + ROUND_MAGIC;
        float n = shifted - ROUND_MAGIC;
        float r = x - n * LN2_HI - n * LN2_LO;
        float p = EXP_TAYLOR[0];
        for (int i = 1; i < EXP_TAYLOR.length; i++) {
            p = p * r + EXP_TAYLOR[i];
        }
        int twoToN = (Float.floatToRawIntBits(shifted) - Float.floatToRawIntBits(ROUND_MAGIC) + 127) << 23;
        return p * Float.intBitsToFloat(twoToN);
    }

    /** {@code v/2 · (1 + erf(v/√2))}; for v < 0 uses erfc directly to avoid cancellation. */
    static float geluErf(float v) {
        float z = Math.abs(v) * INV_SQRT2;
        float t = 1f / (1f + ERF_P * z);
        float poly = t * (ERF_A1 + t * (ERF_A2 + t * (ERF_A3 + t * (ERF_A4 + t * ERF_A5))));
        float erfc = poly * exp(-(z * z));
        float onePlusErf = v < 0f ? erfc : 2f - erfc;
        return 0.5f * v * onePlusErf;
    }

    /**
     * {@code v/2 · (1 + tanh(u))}, u = √(2/π) · (v + 0.044715 v³), computed as the equal
     * {@code v / (1 + e^(-2u))}.
     */
    static float geluTanh(float v) {
        float u = (v * v * v * GELU_TANH_CUBIC + v) * SQRT_2_OVER_PI;
        return v / (1f + exp(-2f * u));
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
