package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PackedWeights.PANEL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked micro-kernels: 8 rows of A x 32 columns of W (two 16-lane vectors) = 16
 * accumulators, plus 2 W vectors and a broadcast, within AVX-512's 32 registers. A is packed per
 * 8-row block as [k][8] so the 8 broadcasts of a k step read one 32-byte line; W panels are
 * [k][32]. Each k step is 16 FMAs against 2 W loads and 8 broadcasts, which keeps the single
 * 512-bit FMA pipe of Zen 4 busy. The accumulation order along k is fixed (k = 0..K-1), and a row's
 * accumulators never mix with other rows', which is what makes results independent of batch
 * composition. BF16 and INT8 weights reach these kernels as decoded FP32 panels
 * ({@link PanamaPanels}). The kernels were written from one template: change them together.
 */
final class PanamaKernels {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    /** Lanes of the preferred FP32 vector, capped at 16: selects the kernel family. */
    static final int LANES = Math.min(16, FloatVector.SPECIES_PREFERRED.length());
    /**
     * 512-bit vectors (AVX-512): the 8x32 kernels. 256-bit (AVX2, 16 registers): the "Narrow"
     * kernels, 4 rows x 16 columns, cover the same tile in four calls. 128-bit (NEON, SSE): the
     * "Narrow4" kernels, 4 rows x 16 columns in four vectors each.
     */
    static final boolean WIDE = LANES >= 16;
    /** The species the epilogue and the A packing work in. */
    static final VectorSpecies<Float> EPILOGUE = LANES >= 16 ? F : LANES == 8 ? F8 : F4;
    /** Rows of A per micro-kernel call. */
    static final int MR = 8;
    /** Floats in the accumulator tile a kernel call writes. */
    static final int TILE = MR * PANEL;

    private PanamaKernels() {
    }

    /** Dot products of 8 packed A rows with one FP32 W panel over all K, into {@code tile} [8][32]. */
    static void kernelFp32(float[] ap, int apOffset, float[] w, int wOffset, int k, float[] tile) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int kk = 0; kk < k; kk++) {
            int at = wOffset + kk * (PANEL);
            int ai = apOffset + kk * MR;
            FloatVector b0 = FloatVector.fromArray(F, w, at);
            FloatVector b1 = FloatVector.fromArray(F, w, at + 16);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai + 0]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            FloatVector a6 = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            FloatVector a7 = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 16);
        c10.intoArray(tile, 32);
        c11.intoArray(tile, 48);
        c20.intoArray(tile, 64);
        c21.intoArray(tile, 80);
        c30.intoArray(tile, 96);
        c31.intoArray(tile, 112);
        c40.intoArray(tile, 128);
        c41.intoArray(tile, 144);
        c50.intoArray(tile, 160);
        c51.intoArray(tile, 176);
        c60.intoArray(tile, 192);
        c61.intoArray(tile, 208);
        c70.intoArray(tile, 224);
        c71.intoArray(tile, 240);
    }

    /**
     * {@link #kernelFp32} for a block whose rows 4..7 are padding (the last block of a short
     * sequence): rows 0..3 only, into the first half of {@code tile}, with the same FMA chains.
     */
    static void kernelFp32Rows4(float[] ap, int apOffset, float[] w, int wOffset, int k, float[] tile) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int kk = 0; kk < k; kk++) {
            int at = wOffset + kk * (PANEL);
            int ai = apOffset + kk * MR;
            FloatVector b0 = FloatVector.fromArray(F, w, at);
            FloatVector b1 = FloatVector.fromArray(F, w, at + 16);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai + 0]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 16);
        c10.intoArray(tile, 32);
        c11.intoArray(tile, 48);
        c20.intoArray(tile, 64);
        c21.intoArray(tile, 80);
        c30.intoArray(tile, 96);
        c31.intoArray(tile, 112);
    }

    /** 8-lane form of {@link #kernelFp32}: rows {@code rowOffset..+3} x columns {@code colOffset..+15} of the tile. */
    static void kernelFp32Narrow(float[] ap, int apOffset, int rowOffset, float[] w, int wOffset, int colOffset, int k,
                                  float[] tile) {
        FloatVector z = FloatVector.zero(F8);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int kk = 0; kk < k; kk++) {
            int at = wOffset + kk * (PANEL) + colOffset;
            int ai = apOffset + kk * MR + rowOffset;
            FloatVector b0 = FloatVector.fromArray(F8, w, at);
            FloatVector b1 = FloatVector.fromArray(F8, w, at + 8);
            FloatVector a0 = FloatVector.broadcast(F8, ap[ai + 0]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(F8, ap[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(F8, ap[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(F8, ap[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
        }
        int base = rowOffset * PANEL + colOffset;
        c00.intoArray(tile, base + 0);
        c01.intoArray(tile, base + 8);
        c10.intoArray(tile, base + 32);
        c11.intoArray(tile, base + 40);
        c20.intoArray(tile, base + 64);
        c21.intoArray(tile, base + 72);
        c30.intoArray(tile, base + 96);
        c31.intoArray(tile, base + 104);
    }

    /** 4-lane form of {@link #kernelFp32}: rows {@code rowOffset..+3} x columns {@code colOffset..+15} of the tile. */
    static void kernelFp32Narrow4(float[] ap, int apOffset, int rowOffset, float[] w, int wOffset, int colOffset, int k,
                                   float[] tile) {
        FloatVector z = FloatVector.zero(F4);
        FloatVector c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z, c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        for (int kk = 0; kk < k; kk++) {
            int at = wOffset + kk * (PANEL) + colOffset;
            int ai = apOffset + kk * MR + rowOffset;
            FloatVector b0 = FloatVector.fromArray(F4, w, at);
            FloatVector b1 = FloatVector.fromArray(F4, w, at + 4);
            FloatVector b2 = FloatVector.fromArray(F4, w, at + 8);
            FloatVector b3 = FloatVector.fromArray(F4, w, at + 12);
            FloatVector a0 = FloatVector.broadcast(F4, ap[ai + 0]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(F4, ap[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            c13 = b3.fma(a1, c13);
            FloatVector a2 = FloatVector.broadcast(F4, ap[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            c23 = b3.fma(a2, c23);
            FloatVector a3 = FloatVector.broadcast(F4, ap[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
            c33 = b3.fma(a3, c33);
        }
        int base = rowOffset * PANEL + colOffset;
        c00.intoArray(tile, base + 0);
        c01.intoArray(tile, base + 4);
        c02.intoArray(tile, base + 8);
        c03.intoArray(tile, base + 12);
        c10.intoArray(tile, base + 32);
        c11.intoArray(tile, base + 36);
        c12.intoArray(tile, base + 40);
        c13.intoArray(tile, base + 44);
        c20.intoArray(tile, base + 64);
        c21.intoArray(tile, base + 68);
        c22.intoArray(tile, base + 72);
        c23.intoArray(tile, base + 76);
        c30.intoArray(tile, base + 96);
        c31.intoArray(tile, base + 100);
        c32.intoArray(tile, base + 104);
        c33.intoArray(tile, base + 108);
    }
}
