package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PackedWeights.PANEL;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decodes one BF16 or INT8 weight panel into FP32 [k][32] for the FP32 micro-kernel. A GEMM task
 * decodes each of its panels once and reuses it for all its row blocks, so the conversion is paid
 * once per panel rather than once per 8 rows (converting inside the kernel's k loop made BF16 and
 * INT8 slower than FP32). The decoded values are exactly the weights' FP32 values (a BF16 value
 * widened, an int8 as float), so the products are the same bits as multiplying the stored values
 * directly.
 */
final class PanamaPanels {

    private static final VectorSpecies<Float> F = PanamaKernels.EPILOGUE;
    private static final int L = F.length();
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(L * Integer.SIZE));
    /** Bytes per load: one float vector's worth, but at least the smallest (64-bit) byte vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(L, 8) * Byte.SIZE));
    private static final int PARTS = B.length() / L;

    private PanamaPanels() {
    }

    /** Panel of {@link PackedWeights#bf16} pairs from {@code at} ([k][16] ints) into {@code dst} [k][32]. */
    static void decodeBf16(int[] pairs, int at, int k, float[] dst) {
        for (int kk = 0; kk < k; kk++) {
            int src = at + kk * (PANEL / 2);
            int out = kk * PANEL;
            for (int h = 0; h < PANEL / 2; h += L) {
                IntVector pair = IntVector.fromArray(I, pairs, src + h);
                pair.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, out + h);
                pair.and(0xFFFF0000).reinterpretAsFloats().intoArray(dst, out + PANEL / 2 + h);
            }
        }
    }

    /** Panel of {@link PackedWeights#i8} from {@code at} ([k][32] bytes) into {@code dst} [k][32]. */
    static void decodeInt8(byte[] q, int at, int k, float[] dst) {
        for (int i = 0; i < k * PANEL; i += B.length()) {
            ByteVector bytes = ByteVector.fromArray(B, q, at + i);
            for (int part = 0; part < PARTS; part++) {
                ((FloatVector) bytes.convertShape(VectorOperators.B2F, F, part)).intoArray(dst, i + part * L);
            }
        }
    }
}
