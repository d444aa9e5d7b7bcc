package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PackedWeights.PANEL;
import static io.m3j.engine.kernel.gemm.PanamaKernels.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Writes a micro-kernel's [8][32] accumulator tile to C through the epilogue, with the same
 * operation order as {@link ScalarOps#epilogue}. Every element, interior or edge, goes through
 * this one code path (edges only add a lane mask), so an element's bits do not depend on where it
 * falls in the tiling.
 */
final class PanamaEpilogue {

    private static final int HALF = PANEL / 2;

    private PanamaEpilogue() {
    }

    /**
     * @param rows      valid rows in the tile (1..8)
     * @param row0      index in C of the tile's first row
     * @param col0      index in C of the tile's first column (a multiple of 32)
     * @param colScale  INT8 per-column weight scales (padded to whole panels), else null
     * @param rowScale  INT8 per-row activation scales, indexed from {@code rowScaleOffset}, else null
     */
    static void store(float[] tile, int rows, int row0, int col0, int n, float[] c, int cOffset,
                      Epilogue e, float[] colScale, float[] rowScale, int rowScaleOffset) {
        for (int h = 0; h < 2; h++) {
            int col = col0 + h * HALF;
            if (col >= n) {
                return;
            }
            if (col + HALF <= n) {
                storeHalf(tile, h * HALF, rows, row0, col, n, c, cOffset, e, colScale, rowScale, rowScaleOffset,
                        F.maskAll(true), true);
            } else {
                storeHalf(tile, h * HALF, rows, row0, col, n, c, cOffset, e, colScale, rowScale, rowScaleOffset,
                        F.indexInRange(col, n), false);
            }
        }
    }

    private static void storeHalf(float[] tile, int tileCol, int rows, int row0, int col, int n, float[] c,
                                  int cOffset, Epilogue e, float[] colScale, float[] rowScale, int rowScaleOffset,
                                  VectorMask<Float> mask, boolean full) {
        boolean quantized = colScale != null;
        FloatVector cs = quantized ? FloatVector.fromArray(F, colScale, col) : FloatVector.zero(F);
        float[] biasArray = e.bias();
        boolean hasBias = biasArray != null;
        FloatVector bias = !hasBias ? FloatVector.zero(F)
                : full ? FloatVector.fromArray(F, biasArray, col) : FloatVector.fromArray(F, biasArray, col, mask);
        Epilogue.Kind kind = e.kind();
        for (int r = 0; r < rows; r++) {
            FloatVector v = FloatVector.fromArray(F, tile, r * PANEL + tileCol);
            if (quantized) {
                v = v.mul(cs).mul(rowScale[rowScaleOffset + r]);
            }
            if (hasBias) {
                v = v.add(bias);
            }
            int at = (row0 + r) * n + col;
            switch (kind) {
                case BIAS_GELU_ERF -> v = geluErf(v);
                case BIAS_GELU_TANH -> v = geluTanh(v);
                case BIAS_RESIDUAL -> {
                    int ri = e.residualOffset() + at;
                    v = v.add(full ? FloatVector.fromArray(F, e.residual(), ri)
                            : FloatVector.fromArray(F, e.residual(), ri, mask));
                }
                default -> { }
            }
            if (full) {
                v.intoArray(c, cOffset + at);
            } else {
                v.intoArray(c, cOffset + at, mask);
            }
        }
    }

    /** Vector form of {@link ScalarOps#geluErf}, same operations in the same order. */
    static FloatVector geluErf(FloatVector v) {
        FloatVector z = v.abs().mul(ScalarOps.INV_SQRT2);
        FloatVector t = FloatVector.broadcast(F, 1f).div(z.mul(ScalarOps.ERF_P).add(1f));
        FloatVector poly = t.mul(ScalarOps.ERF_A5).add(ScalarOps.ERF_A4).mul(t).add(ScalarOps.ERF_A3).mul(t)
                .add(ScalarOps.ERF_A2).mul(t).add(ScalarOps.ERF_A1).mul(t);
        FloatVector erfc = poly.mul(exp(z.mul(z).neg()));
        FloatVector onePlusErf = FloatVector.broadcast(F, 2f).sub(erfc).blend(erfc, v.compare(VectorOperators.LT, 0f));
        return v.mul(0.5f).mul(onePlusErf);
    }

    /** Vector form of {@link ScalarOps#geluTanh}. */
    static FloatVector geluTanh(FloatVector v) {
        FloatVector u = v.mul(v).mul(v).mul(ScalarOps.GELU_TANH_CUBIC).add(v).mul(ScalarOps.SQRT_2_OVER_PI);
        return v.div(exp(u.mul(-2f)).add(1f));
    }

    /** Vector form of {@link ScalarOps#exp}, same operations in the same order. */
    static FloatVector exp(FloatVector x) {
        x = x.max(ScalarOps.EXP_MIN).min(ScalarOps.EXP_MAX);
        FloatVector shifted = x.mul(ScalarOps.LOG2E).add(ScalarOps.ROUND_MAGIC);
        FloatVector n = shifted.sub(ScalarOps.ROUND_MAGIC);
        FloatVector r = x.sub(n.mul(ScalarOps.LN2_HI)).sub(n.mul(ScalarOps.LN2_LO));
        float[] c = ScalarOps.EXP_TAYLOR;
        FloatVector p = r.mul(c[0]).add(c[1]).mul(r).add(c[2]).mul(r).add(c[3]).mul(r).add(c[4]).mul(r).add(c[5])
                .mul(r).add(c[6]).mul(r).add(c[7]);
        IntVector twoToN = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ScalarOps.ROUND_MAGIC) - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(twoToN.reinterpretAsFloats());
    }
}
