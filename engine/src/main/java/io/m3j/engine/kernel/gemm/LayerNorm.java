package io.m3j.engine.kernel.gemm;

/**
 * LayerNorm of one row: {@code (x - mean) / sqrt(variance + eps) · gamma + beta}, with the mean and
 * the (biased) variance accumulated in double in index order, so a row's result depends only on
 * the row. Used as the last step of the {@link Epilogue#biasResidualLayerNorm} epilogue and for the
 * embeddings' LayerNorm.
 */
public record LayerNorm(float[] gamma, float[] beta, float eps) {

    public LayerNorm {
        if (gamma == null || beta == null) {
            throw new IllegalArgumentException("LayerNorm: gamma and beta are required");
        }
        if (gamma.length != beta.length) {
            throw new IllegalArgumentException("LayerNorm: gamma has " + gamma.length + " elements, beta " + beta.length);
        }
        if (!(eps > 0f) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive and finite, got " + eps);
        }
    }

    /** Normalizes {@code x[off..off+n)} in place; {@code n} must not exceed the width of gamma. */
    public void apply(float[] x, int off, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[off + i];
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double c = x[off + i] - mean;
            variance += c * c;
        }
        variance /= n;
        double inv = 1.0 / Math.sqrt(variance + eps);
        for (int i = 0; i < n; i++) x[off + i] = (float) ((x[off + i] - mean) * inv) * gamma[i] + beta[i];
    }
}
