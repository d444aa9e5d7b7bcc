package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PackedWeights.PANEL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Writes a micro-kernel's [8][32] accumulator tile to C through the epilogue, with the same
 * operation order as {@link ScalarOps#epilogue}. Every element, interior or edge, goes through
 * this one code path (edges only add a lane mask), so an element's bits do not depend on where it
 * falls in the tiling.
 *
 * <p>The epilogue runs as a few short passes over the tile (L1-resident, 1 KiB) that take and
 * return arrays only. A helper taking or returning a vector must be inlined by C2 to stay in
 * registers, and C2 declines to inline large callees on call sites it does not consider hot,
 * which depends on which epilogues the program happens to use; passes over arrays avoid that.
 */
final class PanamaEpilogue {

    private static final VectorSpecies<Float> F = PanamaKernels.EPILOGUE;
    private static final int LANES = F.length();

    private PanamaEpilogue() {
    }

    /**
     * @param scratch   a second [8][32] buffer for the GELU passes
     * @param rows      valid rows in the tile (1..8)
     * @param row0      index in C of the tile's first row
     * @param col0      index in C of the tile's first column (a multiple of 32)
     * @param colScale  INT8 per-column weight scales (padded to whole panels), else null
     * @param rowScale  INT8 per-row activation scales, indexed from {@code rowScaleOffset}, else null
     */
    static void store(float[] tile, float[] scratch, int rows, int row0, int col0, int n, float[] c, int cOffset,
                      Epilogue e, float[] colScale, float[] rowScale, int rowScaleOffset) {
        if (colScale != null) {
            dequantize(tile, rows, colScale, col0, rowScale, rowScaleOffset);
        }
        if (e.bias() != null) {
            addBias(tile, rows, e.bias(), col0, n);
        }
        switch (e.kind()) {
            case BIAS_GELU_ERF -> geluErf(tile, scratch, rows * PANEL);
            case BIAS_GELU_TANH -> geluTanh(tile, scratch, rows * PANEL);
            default -> { }
        }
        write(tile, rows, row0, col0, n, c, cOffset, e.kind() == Epilogue.Kind.BIAS_RESIDUAL ? e.residual() : null,
                e.residualOffset());
    }

    private static void dequantize(float[] tile, int rows, float[] colScale, int col0, float[] rowScale,
                                   int rowScaleOffset) {
        for (int h = 0; h < PANEL; h += LANES) {
            FloatVector cs = FloatVector.fromArray(F, colScale, col0 + h);
            for (int r = 0; r < rows; r++) {
                int at = r * PANEL + h;
                FloatVector.fromArray(F, tile, at).mul(cs).mul(rowScale[rowScaleOffset + r]).intoArray(tile, at);
            }
        }
    }

    private static void addBias(float[] tile, int rows, float[] bias, int col0, int n) {
        for (int h = 0; h < PANEL / LANES; h++) {
            int col = col0 + h * LANES;
            if (col >= n) {
                return;
            }
            FloatVector b = col + LANES <= n ? FloatVector.fromArray(F, bias, col)
                    : FloatVector.fromArray(F, bias, col, F.indexInRange(col, n));
            for (int r = 0; r < rows; r++) {
                int at = r * PANEL + h * LANES;
                FloatVector.fromArray(F, tile, at).add(b).intoArray(tile, at);
            }
        }
    }

    private static void write(float[] tile, int rows, int row0, int col0, int n, float[] c, int cOffset,
                              float[] residual, int residualOffset) {
        for (int h = 0; h < PANEL / LANES; h++) {
            int col = col0 + h * LANES;
            if (col >= n) {
                return;
            }
            boolean full = col + LANES <= n;
            VectorMask<Float> mask = full ? F.maskAll(true) : F.indexInRange(col, n);
            for (int r = 0; r < rows; r++) {
                FloatVector v = FloatVector.fromArray(F, tile, r * PANEL + h * LANES);
                int at = (row0 + r) * n + col;
                if (residual != null) {
                    v = v.add(full ? FloatVector.fromArray(F, residual, residualOffset + at)
                            : FloatVector.fromArray(F, residual, residualOffset + at, mask));
                }
                if (full) {
                    v.intoArray(c, cOffset + at);
                } else {
                    v.intoArray(c, cOffset + at, mask);
                }
            }
        }
    }

    /**
     * {@link ScalarOps#geluErf} on {@code x[0..count)} in place (count a multiple of 16), same
     * operations in the same order; {@code scratch} holds the exp arguments, then values.
     */
    static void geluErf(float[] x, float[] scratch, int count) {
        for (int i = 0; i < count; i += LANES) {
            FloatVector z = FloatVector.fromArray(F, x, i).abs().mul(ScalarOps.INV_SQRT2);
            z.mul(z).neg().intoArray(scratch, i);
        }
        exp(scratch, 0, count);
        for (int i = 0; i < count; i += LANES) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector z = v.abs().mul(ScalarOps.INV_SQRT2);
            FloatVector t = FloatVector.broadcast(F, 1f).div(z.mul(ScalarOps.ERF_P).add(1f));
            FloatVector poly = t.mul(ScalarOps.ERF_A5).add(ScalarOps.ERF_A4).mul(t).add(ScalarOps.ERF_A3).mul(t)
                    .add(ScalarOps.ERF_A2).mul(t).add(ScalarOps.ERF_A1).mul(t);
            FloatVector erfc = poly.mul(FloatVector.fromArray(F, scratch, i));
            FloatVector onePlusErf = FloatVector.broadcast(F, 2f).sub(erfc).blend(erfc, v.compare(VectorOperators.LT, 0f));
            v.mul(0.5f).mul(onePlusErf).intoArray(x, i);
        }
    }

    /** {@link ScalarOps#geluTanh} on {@code x[0..count)} in place, like {@link #geluErf}. */
    static void geluTanh(float[] x, float[] scratch, int count) {
        for (int i = 0; i < count; i += LANES) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            FloatVector u = v.mul(v).mul(v).mul(ScalarOps.GELU_TANH_CUBIC).add(v).mul(ScalarOps.SQRT_2_OVER_PI);
            u.mul(-2f).intoArray(scratch, i);
        }
        exp(scratch, 0, count);
        for (int i = 0; i < count; i += LANES) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            v.div(FloatVector.fromArray(F, scratch, i).add(1f)).intoArray(x, i);
        }
    }

    /**
     * {@link ScalarOps#exp} on {@code x[from..from+count)} in place (count a multiple of the lane
     * count), same operations in the same order.
     */
    static void exp(float[] x, int from, int count) {
        float[] c = ScalarOps.EXP_TAYLOR;
        for (int i = from; i < from + count; i += LANES) {
            FloatVector v = FloatVector.fromArray(F, x, i).max(ScalarOps.EXP_MIN).min(ScalarOps.EXP_MAX);
            FloatVector shifted = v.mul(ScalarOps.LOG2E).add(ScalarOps.ROUND_MAGIC);
            FloatVector n = shifted.sub(ScalarOps.ROUND_MAGIC);
            FloatVector r = v.sub(n.mul(ScalarOps.LN2_HI)).sub(n.mul(ScalarOps.LN2_LO));
            FloatVector p = r.mul(c[0]).add(c[1]).mul(r).add(c[2]).mul(r).add(c[3]).mul(r).add(c[4]).mul(r).add(c[5])
                    .mul(r).add(c[6]).mul(r).add(c[7]);
            IntVector twoToN = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ScalarOps.ROUND_MAGIC) - 127)
                    .lanewise(VectorOperators.LSHL, 23);
            p.mul(twoToN.reinterpretAsFloats()).intoArray(x, i);
        }
    }
}
