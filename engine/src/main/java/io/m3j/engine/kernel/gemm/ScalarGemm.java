package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PackedWeights.PANEL;

/**
 * Plain-Java GEMM over {@link PackedWeights}, for JVMs without the Vector API module. Same
 * contract and, for the non-GELU epilogues, the same bits as the Panama implementation: one
 * {@link Math#fma} per k in increasing k order per output element (C2 vectorizes the loop over
 * the 32 columns of a panel).
 */
final class ScalarGemm implements Gemm {

    static final ScalarGemm INSTANCE = new ScalarGemm();

    private static final int ROWS_PER_TASK = 8;
    private static final long SERIAL_FLOPS = 1L << 22;

    private ScalarGemm() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void multiply(float[] a, int aOffset, int m, PackedWeights w, float[] c, int cOffset,
                         Epilogue epilogue, ParallelFor parallel) {
        GemmArguments.check(a, aOffset, m, w, c, cOffset, epilogue, parallel);
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        if (2L * m * w.n() * w.k() < SERIAL_FLOPS || parallel.parallelism() == 1) {
            for (int t = 0; t < tasks; t++) {
                rows(a, aOffset, m, w, c, cOffset, epilogue, t);
            }
        } else {
            parallel.run(tasks, t -> rows(a, aOffset, m, w, c, cOffset, epilogue, t));
        }
    }

    private static void rows(float[] a, int aOffset, int m, PackedWeights w, float[] c, int cOffset,
                             Epilogue epilogue, int task) {
        int k = w.k();
        int n = w.n();
        float[] acc = new float[PANEL];
        float[] row = new float[k];
        int end = Math.min(m, (task + 1) * ROWS_PER_TASK);
        for (int i = task * ROWS_PER_TASK; i < end; i++) {
            float rowScale = 1f;
            if (w.precision() == Precision.INT8) {
                rowScale = ScalarOps.quantizeRow(a, aOffset + i * k, k, row, 0, 1);
            } else {
                System.arraycopy(a, aOffset + i * k, row, 0, k);
            }
            for (int p = 0; p < w.panels(); p++) {
                java.util.Arrays.fill(acc, 0f);
                switch (w.precision()) {
                    case FP32 -> dotFp32(row, w.f32, p * PANEL * k, k, acc);
                    case BF16 -> dotBf16(row, w.bf16, p * (PANEL / 2) * k, k, acc);
                    case INT8 -> dotInt8(row, w.i8, p * PANEL * k, k, acc);
                }
                int cols = Math.min(PANEL, n - p * PANEL);
                for (int j = 0; j < cols; j++) {
                    int col = p * PANEL + j;
                    float x = acc[j];
                    if (w.precision() == Precision.INT8) {
                        x = x * w.scale[col] * rowScale;
                    }
                    c[cOffset + i * n + col] = ScalarOps.epilogue(epilogue, x, i, col, n);
                }
            }
            epilogue.normalizeRows(c, cOffset, n, i, i + 1);
        }
    }

    private static void dotFp32(float[] row, float[] b, int base, int k, float[] acc) {
        for (int kk = 0; kk < k; kk++) {
            float x = row[kk];
            int at = base + kk * PANEL;
            for (int j = 0; j < PANEL; j++) {
                acc[j] = Math.fma(x, b[at + j], acc[j]);
            }
        }
    }

    private static void dotBf16(float[] row, int[] b, int base, int k, float[] acc) {
        int half = PANEL / 2;
        for (int kk = 0; kk < k; kk++) {
            float x = row[kk];
            int at = base + kk * half;
            for (int j = 0; j < half; j++) {
                int word = b[at + j];
                acc[j] = Math.fma(x, Float.intBitsToFloat(word << 16), acc[j]);
                acc[j + half] = Math.fma(x, Float.intBitsToFloat(word & 0xFFFF0000), acc[j + half]);
            }
        }
    }

    private static void dotInt8(float[] row, byte[] b, int base, int k, float[] acc) {
        for (int kk = 0; kk < k; kk++) {
            float x = row[kk];
            int at = base + kk * PANEL;
            for (int j = 0; j < PANEL; j++) {
                acc[j] = Math.fma(x, (float) b[at + j], acc[j]);
            }
        }
    }
}
