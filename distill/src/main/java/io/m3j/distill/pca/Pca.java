package io.m3j.distill.pca;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Principal component analysis as scikit-learn's {@code PCA} computes it: the data is centred (not
 * whitened), components are the right singular vectors of the centred data, ordered by decreasing
 * variance, and each component's sign is chosen so that its entry of largest magnitude is positive
 * (scikit-learn's {@code svd_flip} with {@code u_based_decision=False}), so results can be compared
 * with scikit-learn's sign for sign.
 *
 * <p>The right singular vectors of the centred data X are the eigenvectors of the covariance
 * XᵀX / (n - 1), and its eigenvalues are the explained variances; so the vocabulary-sized matrix is
 * only ever streamed through in blocks (to accumulate XᵀX), and the eigendecomposition is of a
 * [cols x cols] matrix, done by EJML's symmetric eigensolver.
 */
public final class Pca {
    private static final int BLOCK_ROWS = 4096;

    private Pca() {
    }

    /**
     * Fits all {@code cols} components of {@code x} ([rows x cols] row-major float32).
     *
     * @throws IllegalArgumentException with fewer than 2 rows
     */
    public static PcaResult fit(float[] x, int rows, int cols) {
        if (rows < 2) throw new IllegalArgumentException("PCA needs at least 2 rows, got " + rows);
        if ((long) rows * cols != x.length) {
            throw new IllegalArgumentException("PCA input has " + x.length + " values, expected " + rows + " x " + cols);
        }
        double[] mean = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) mean[c] += x[r * cols + c];
        }
        for (int c = 0; c < cols; c++) mean[c] /= rows;

        DMatrixRMaj scatter = new DMatrixRMaj(cols, cols);
        DMatrixRMaj partial = new DMatrixRMaj(cols, cols);
        for (int r0 = 0; r0 < rows; r0 += BLOCK_ROWS) {
            int n = Math.min(BLOCK_ROWS, rows - r0);
            double[] block = new double[n * cols];
            for (int r = 0; r < n; r++) {
                int src = (r0 + r) * cols;
                for (int c = 0; c < cols; c++) block[r * cols + c] = x[src + c] - mean[c];
            }
            DMatrixRMaj b = DMatrixRMaj.wrap(n, cols, block);
            CommonOps_MT_DDRM.multTransA(b, b, partial);
            CommonOps_DDRM.addEquals(scatter, partial);
        }

        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(cols, true, true);
        if (!eig.decompose(scatter)) throw new IllegalStateException("EJML's symmetric eigendecomposition failed on a " + cols + " x " + cols + " covariance matrix");
        Integer[] order = new Integer[cols];
        double[] eigenvalues = new double[cols];
        for (int i = 0; i < cols; i++) {
            order[i] = i;
            eigenvalues[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eigenvalues[b], eigenvalues[a]));

        double[] components = new double[cols * cols];
        double[] variance = new double[cols];
        double total = 0;
        for (int k = 0; k < cols; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            double norm = 0;
            for (int c = 0; c < cols; c++) norm += v.get(c) * v.get(c);
            norm = Math.sqrt(norm);
            int largest = 0;
            for (int c = 1; c < cols; c++) {
                if (Math.abs(v.get(c)) > Math.abs(v.get(largest))) largest = c;
            }
            double sign = v.get(largest) < 0 ? -1 : 1;
            for (int c = 0; c < cols; c++) components[k * cols + c] = sign * v.get(c) / norm;
            // Rounding can leave a null direction a hair below zero.
            variance[k] = Math.max(0, eigenvalues[order[k]]) / (rows - 1);
            total += variance[k];
        }
        double[] ratio = new double[cols];
        for (int k = 0; k < cols; k++) ratio[k] = total > 0 ? variance[k] / total : 0;
        return new PcaResult(mean, components, cols, variance, ratio);
    }
}
