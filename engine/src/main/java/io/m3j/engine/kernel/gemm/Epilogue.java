package io.m3j.engine.kernel.gemm;

/**
 * What happens to each output element after its dot product, fused into the GEMM's store so the
 * output is written once. With {@code x = (A·Wᵀ)[i][j]}:
 * <ul>
 *   <li>{@link Kind#NONE}: {@code x}</li>
 *   <li>{@link Kind#BIAS}: {@code x + bias[j]}</li>
 *   <li>{@link Kind#BIAS_GELU_ERF}: {@code gelu(x + bias[j])}, {@code gelu(v) = v/2 · (1 + erf(v/√2))}</li>
 *   <li>{@link Kind#BIAS_GELU_TANH}: {@code v/2 · (1 + tanh(√(2/π) · (v + 0.044715 v³)))}, {@code v = x + bias[j]}</li>
 *   <li>{@link Kind#BIAS_RESIDUAL}: {@code (x + bias[j]) + residual[residualOffset + i·N + j]}; the
 *       residual may be the output array itself (each element is read before it is written). With a
 *       {@link LayerNorm} ({@link #biasResidualLayerNorm}), each finished output row is then
 *       normalized: the post-LayerNorm transformer's "add &amp; norm" in the GEMM that produces it.</li>
 * </ul>
 * {@code bias} may be null, meaning no bias. The evaluation order shown is the order used, so
 * results are reproducible bit for bit.
 */
public record Epilogue(Kind kind, float[] bias, float[] residual, int residualOffset, LayerNorm norm) {

    public enum Kind { NONE, BIAS, BIAS_GELU_ERF, BIAS_GELU_TANH, BIAS_RESIDUAL }

    private static final Epilogue NONE = new Epilogue(Kind.NONE, null, null, 0, null);

    public Epilogue {
        if (kind == null) {
            throw new IllegalArgumentException("Epilogue: kind is null");
        }
        if (kind == Kind.BIAS_RESIDUAL && residual == null) {
            throw new IllegalArgumentException("Epilogue BIAS_RESIDUAL: residual array is null");
        }
        if (kind != Kind.BIAS_RESIDUAL && residual != null) {
            throw new IllegalArgumentException("Epilogue " + kind + ": a residual is only used by BIAS_RESIDUAL");
        }
        if (kind == Kind.NONE && bias != null) {
            throw new IllegalArgumentException("Epilogue NONE: takes no bias");
        }
        if (norm != null && kind != Kind.BIAS_RESIDUAL) {
            throw new IllegalArgumentException("Epilogue " + kind + ": a LayerNorm only follows BIAS_RESIDUAL");
        }
        if (residualOffset < 0) {
            throw new IllegalArgumentException("Epilogue: negative residualOffset " + residualOffset);
        }
    }

    public static Epilogue none() {
        return NONE;
    }

    public static Epilogue bias(float[] bias) {
        return new Epilogue(Kind.BIAS, bias, null, 0, null);
    }

    public static Epilogue biasGeluErf(float[] bias) {
        return new Epilogue(Kind.BIAS_GELU_ERF, bias, null, 0, null);
    }

    public static Epilogue biasGeluTanh(float[] bias) {
        return new Epilogue(Kind.BIAS_GELU_TANH, bias, null, 0, null);
    }

    /** {@code residual} is an M x N row-major matrix starting at {@code residualOffset}. */
    public static Epilogue biasResidual(float[] bias, float[] residual, int residualOffset) {
        return new Epilogue(Kind.BIAS_RESIDUAL, bias, residual, residualOffset, null);
    }

    /**
     * {@link #biasResidual}, then {@code norm} over each output row (the output's N must equal the
     * norm's width).
     */
    public static Epilogue biasResidualLayerNorm(float[] bias, float[] residual, int residualOffset, LayerNorm norm) {
        if (norm == null) {
            throw new IllegalArgumentException("Epilogue biasResidualLayerNorm: norm is null");
        }
        return new Epilogue(Kind.BIAS_RESIDUAL, bias, residual, residualOffset, norm);
    }

    /** Normalizes rows {@code r0..r1} of the M x N output {@code c} (from {@code cOffset}) if this epilogue has a norm. */
    void normalizeRows(float[] c, int cOffset, int n, int r0, int r1) {
        if (norm != null) {
            for (int r = r0; r < r1; r++) norm.apply(c, cOffset + r * n, n);
        }
    }

    void check(int m, int n) {
        if (norm != null && norm.gamma().length != n) {
            throw new IllegalArgumentException("Epilogue: LayerNorm width " + norm.gamma().length
                    + " differs from the output's " + n + " columns");
        }
        if (bias != null && bias.length < n) {
            throw new IllegalArgumentException("Epilogue " + kind + ": bias has " + bias.length
                    + " elements, the output has " + n + " columns");
        }
        if (residual != null && (long) residualOffset + (long) m * n > residual.length) {
            throw new IllegalArgumentException("Epilogue " + kind + ": residual needs " + ((long) m * n)
                    + " elements from offset " + residualOffset + ", array has " + residual.length);
        }
    }
}
