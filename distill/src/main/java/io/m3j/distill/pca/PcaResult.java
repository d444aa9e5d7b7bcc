package io.m3j.distill.pca;

import io.m3j.engine.runtime.ComputePool;

/**
 * A fitted PCA with all components, in decreasing order of explained variance.
 *
 * @param mean                   the per-column mean of the data (scikit-learn's {@code mean_})
 * @param components             [cols x cols] row-major; row k is component k (scikit-learn's {@code components_})
 * @param explainedVariance      per component, eigenvalue / (rows - 1) (scikit-learn's {@code explained_variance_})
 * @param explainedVarianceRatio per component, its share of the total variance
 */
public record PcaResult(double[] mean, double[] components, int cols, double[] explainedVariance,
                        double[] explainedVarianceRatio) {

    /**
     * The number of components whose cumulative explained variance ratio first exceeds
     * {@code fraction} (scikit-learn: {@code searchsorted(cumsum(ratio), fraction, side='right') + 1}).
     */
    public int componentsForVariance(double fraction) {
        double cumulative = 0;
        for (int k = 0; k < cols; k++) {
            cumulative += explainedVarianceRatio[k];
            if (cumulative > fraction) return k + 1;
        }
        return cols;
    }

    /** Component {@code k} (a unit vector of length cols). */
    public double[] component(int k) {
        return java.util.Arrays.copyOfRange(components, k * cols, (k + 1) * cols);
    }

    /** (x - mean) · componentsᵀ over the first {@code k} components: [rows x k] in double precision, rows in parallel. */
    public double[] transform(float[] x, int rows, int k) {
        if (k < 1 || k > cols) throw new IllegalArgumentException("components " + k + " not in [1, " + cols + "]");
        double[] out = new double[rows * k];
        ComputePool.shared().forEach(rows, (r0, r1) -> {
            double[] centred = new double[cols];
            for (int r = r0; r < r1; r++) {
                for (int c = 0; c < cols; c++) centred[c] = x[r * cols + c] - mean[c];
                for (int j = 0; j < k; j++) {
                    double s = 0;
                    int off = j * cols;
                    for (int c = 0; c < cols; c++) s += centred[c] * components[off + c];
                    out[r * k + j] = s;
                }
            }
        });
        return out;
    }
}
