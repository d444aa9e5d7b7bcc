package io.m3j.engine.kernel.gemm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A Linear layer's weight W [N out x K in], packed once at load time into the layout the GEMM
 * micro-kernels stream: N is cut into panels of {@link #PANEL} (32) output columns; panel
 * {@code p} holds, for k = 0..K-1 in order, the 32 weights {@code W[32p + j][k]}, j = 0..31, so
 * the kernel reads one contiguous run per panel. The last panel is padded with zero columns.
 *
 * <p>Per-precision storage of one panel row of 32 weights:
 * <ul>
 *   <li>FP32: 32 floats.</li>
 *   <li>BF16: 16 ints; int {@code j} holds column {@code j} in its low half and column
 *       {@code j + 16} in its high half, so one 16-lane int load gives both vectors with a shift
 *       and a mask (no widening conversion).</li>
 *   <li>INT8: 32 bytes {@code round(W · 127 / max_k |W[n][k]|)}, with the per-column scale
 *       {@code max_k |W[n][k]| / 127} in {@link #scale}.</li>
 * </ul>
 * Immutable after construction, safe to share between threads.
 */
public final class PackedWeights {

    /** Output columns per panel (two 16-lane FP32 vectors). */
    public static final int PANEL = 32;

    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int n;
    private final int k;
    private final Precision precision;
    final float[] f32;
    final int[] bf16;
    final byte[] i8;
    final float[] scale;

    private PackedWeights(int n, int k, Precision precision, float[] f32, int[] bf16, byte[] i8, float[] scale) {
        this.n = n;
        this.k = k;
        this.precision = precision;
        this.f32 = f32;
        this.bf16 = bf16;
        this.i8 = i8;
        this.scale = scale;
    }

    /** Packs W held in {@code w} (from index 0) as an n x k matrix of the given source layout. */
    public static PackedWeights pack(float[] w, int n, int k, WeightLayout layout, Precision precision) {
        checkDims(n, k, layout, precision);
        if ((long) n * k > w.length) {
            throw new IllegalArgumentException("PackedWeights: source array has " + w.length
                    + " floats, a " + n + " x " + k + " weight needs " + ((long) n * k));
        }
        int rowLength = layout == WeightLayout.OUT_IN ? k : n;
        return pack(n, k, layout, precision, (row, dst) -> System.arraycopy(w, row * rowLength, dst, 0, rowLength));
    }

    /**
     * Packs W stored as little-endian FP32 in {@code segment} from {@code byteOffset} (for example a
     * tensor of a memory-mapped safetensors file), as an n x k matrix of the given source layout.
     */
    public static PackedWeights pack(MemorySegment segment, long byteOffset, int n, int k,
                                     WeightLayout layout, Precision precision) {
        checkDims(n, k, layout, precision);
        long bytes = (long) n * k * Float.BYTES;
        if (byteOffset < 0 || byteOffset + bytes > segment.byteSize()) {
            throw new IllegalArgumentException("PackedWeights: a " + n + " x " + k + " FP32 weight needs "
                    + bytes + " bytes from offset " + byteOffset + ", segment has " + segment.byteSize());
        }
        int rowLength = layout == WeightLayout.OUT_IN ? k : n;
        return pack(n, k, layout, precision, (row, dst) -> MemorySegment.copy(
                segment, F32_LE, byteOffset + (long) row * rowLength * Float.BYTES, dst, 0, rowLength));
    }

    private interface RowReader {
        void read(int row, float[] dst);
    }

    private static void checkDims(int n, int k, WeightLayout layout, Precision precision) {
        if (n <= 0 || k <= 0) {
            throw new IllegalArgumentException("PackedWeights: dimensions must be positive, got n=" + n + " k=" + k);
        }
        if (layout == null || precision == null) {
            throw new IllegalArgumentException("PackedWeights: layout and precision are required");
        }
        if ((long) panels(n) * PANEL * k > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("PackedWeights: " + n + " x " + k + " is too large for one packed array");
        }
    }

    private static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    private static PackedWeights pack(int n, int k, WeightLayout layout, Precision precision, RowReader reader) {
        float[] f32 = new float[panels(n) * PANEL * k];
        if (layout == WeightLayout.OUT_IN) {
            float[] row = new float[k];
            for (int col = 0; col < n; col++) {
                reader.read(col, row);
                int base = (col / PANEL) * PANEL * k + col % PANEL;
                for (int kk = 0; kk < k; kk++) {
                    f32[base + kk * PANEL] = row[kk];
                }
            }
        } else {
            float[] row = new float[n];
            for (int kk = 0; kk < k; kk++) {
                reader.read(kk, row);
                for (int col = 0; col < n; col++) {
                    f32[(col / PANEL) * PANEL * k + kk * PANEL + col % PANEL] = row[col];
                }
            }
        }
        return switch (precision) {
            case FP32 -> new PackedWeights(n, k, precision, f32, null, null, null);
            case BF16 -> new PackedWeights(n, k, precision, null, toBf16Pairs(f32), null, null);
            case INT8 -> toInt8(n, k, f32);
        };
    }

    private static int[] toBf16Pairs(float[] f32) {
        int[] out = new int[f32.length / 2];
        for (int row = 0; row < f32.length / PANEL; row++) {
            for (int j = 0; j < PANEL / 2; j++) {
                int lo = bf16Bits(f32[row * PANEL + j]);
                int hi = bf16Bits(f32[row * PANEL + j + PANEL / 2]);
                out[row * (PANEL / 2) + j] = (hi << 16) | lo;
            }
        }
        return out;
    }

    /** bfloat16 bits of {@code f}, rounded to nearest even (NaN stays a quiet NaN). */
    static int bf16Bits(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return ((bits >>> 16) | 0x40) & 0xFFFF;
        }
        return ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16) & 0xFFFF;
    }

    private static PackedWeights toInt8(int n, int k, float[] f32) {
        int panels = panels(n);
        byte[] q = new byte[f32.length];
        float[] scale = new float[panels * PANEL];
        for (int p = 0; p < panels; p++) {
            int base = p * PANEL * k;
            for (int j = 0; j < PANEL; j++) {
                float max = 0f;
                for (int kk = 0; kk < k; kk++) {
                    float v = f32[base + kk * PANEL + j];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("PackedWeights INT8: weight [" + (p * PANEL + j)
                                + "][" + kk + "] is " + v + "; only finite weights can be quantized");
                    }
                    max = Math.max(max, Math.abs(v));
                }
                float inv = max == 0f ? 0f : 127f / max;
                scale[p * PANEL + j] = max / 127f;
                for (int kk = 0; kk < k; kk++) {
                    q[base + kk * PANEL + j] = (byte) Math.rint(f32[base + kk * PANEL + j] * inv);
                }
            }
        }
        return new PackedWeights(n, k, Precision.INT8, null, null, q, scale);
    }

    /** Output features N (rows of the PyTorch weight). */
    public int n() {
        return n;
    }

    /** Input features K. */
    public int k() {
        return k;
    }

    public Precision precision() {
        return precision;
    }

    int panels() {
        return panels(n);
    }

    /** The weight the GEMM effectively multiplies by for {@code W[row][col]} (after rounding). */
    public float effectiveWeight(int row, int col) {
        if (row < 0 || row >= n || col < 0 || col >= k) {
            throw new IndexOutOfBoundsException("PackedWeights: [" + row + "][" + col + "] outside " + n + " x " + k);
        }
        int at = (row / PANEL) * PANEL * k + col * PANEL + row % PANEL;
        return switch (precision) {
            case FP32 -> f32[at];
            case BF16 -> bf16At(at);
            case INT8 -> i8[at] * scale[row];
        };
    }

    /** FP32 value of the BF16 weight at the FP32-layout index {@code at}. */
    float bf16At(int at) {
        int j = at % PANEL;
        int word = bf16[(at / PANEL) * (PANEL / 2) + j % (PANEL / 2)];
        return Float.intBitsToFloat(j < PANEL / 2 ? word << 16 : word & 0xFFFF0000);
    }

    /** Bytes held by the packed arrays. */
    public long sizeInBytes() {
        return switch (precision) {
            case FP32 -> (long) f32.length * Float.BYTES;
            case BF16 -> (long) bf16.length * Integer.BYTES;
            case INT8 -> i8.length + (long) scale.length * Float.BYTES;
        };
    }
}
