package io.m3j.engine.kernel.gemm;

import static io.m3j.engine.kernel.gemm.PackedWeights.PANEL;
import static io.m3j.engine.kernel.gemm.PanamaKernels.MR;
import static io.m3j.engine.kernel.gemm.PanamaKernels.TILE;

import jdk.incubator.vector.FloatVector;

/**
 * Vector API GEMM. The output is cut into tiles of (a block of rows) x (a range of W panels), one
 * task each. A task packs its rows of A once into 8-row [k][8] blocks (quantizing them for INT8),
 * then for each panel runs the micro-kernel over every 8-row block, so the panel is read from
 * memory once per task and reused from cache by the following blocks. BF16 and INT8 panels are
 * first decoded to FP32 into a per-thread buffer ({@link PanamaPanels}), once per panel per task,
 * and run through the same FP32 kernel. The packed row block is
 * capped at 1 MiB (Zen 4's L2; measured a little faster than 512 KiB at K = 1024 and 4096, since a
 * panel is then reused by more row blocks). K-blocking measured no better; packing A is what keeps
 * large K fast (unpacked rows 16 KiB apart alias in L1). The kernel family follows the preferred
 * vector width (see {@link PanamaKernels#WIDE}); all families accumulate each element the same way,
 * so results are the same bits on AVX-512, AVX2 and 128-bit machines.
 *
 * <p>The first calls run the Vector API in the interpreter and C1, which is very slow (a
 * 32x1024x1024 product took 745 ms, then 189 ms, then 1 ms once C2 had compiled the kernel);
 * callers that care about first-call latency should warm up at load time.
 */
final class PanamaGemm implements Gemm {

    /** Below this many flops the call runs on the calling thread: dispatch would cost more. */
    private static final long SERIAL_FLOPS = 1L << 22;
    /** Tasks per thread to even out tiles of unequal cost. */
    private static final int TASKS_PER_THREAD = 3;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final int packedABudgetFloats;

    /** Per-thread buffers, grown on demand and reused so the hot path does not allocate. */
    private static final class Scratch {
        float[] packedA = new float[0];
        float[] rowScale = new float[0];
        final float[] tile = new float[TILE];
        final float[] epilogueScratch = new float[TILE];
        final float[] pattern = new float[64];
        /** One BF16/INT8 panel decoded to FP32. */
        float[] panel = new float[0];

        void ensure(int blocks, int k) {
            if (packedA.length < blocks * MR * k) {
                packedA = new float[blocks * MR * k];
            }
            if (rowScale.length < blocks * MR) {
                rowScale = new float[blocks * MR];
            }
        }
    }

    PanamaGemm() {
        this(256 * 1024);
    }

    /** @param packedABudgetFloats upper bound on a task's packed A block (floats); tuning knob */
    PanamaGemm(int packedABudgetFloats) {
        this.packedABudgetFloats = packedABudgetFloats;
    }

    static int preferredFloatLanes() {
        return FloatVector.SPECIES_PREFERRED.length();
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public void multiply(float[] a, int aOffset, int m, PackedWeights w, float[] c, int cOffset,
                         Epilogue epilogue, ParallelFor parallel) {
        GemmArguments.check(a, aOffset, m, w, c, cOffset, epilogue, parallel);
        if (m == 0) {
            return;
        }
        int k = w.k();
        int panels = w.panels();
        int rowsPerBlock = Math.clamp((long) (packedABudgetFloats / k) / MR * MR, MR, 512);
        int mBlocks = (m + rowsPerBlock - 1) / rowsPerBlock;
        int threads = 2L * m * w.n() * k < SERIAL_FLOPS ? 1 : parallel.parallelism();
        int nChunks = threads == 1 ? 1 : Math.clamp((threads * TASKS_PER_THREAD + mBlocks - 1) / mBlocks, 1, panels);
        int tasks = mBlocks * nChunks;
        // One row block (small M): every task would pack the same rows, so pack them once here and
        // share the read-only result (the dispatch publishes it to the pool threads).
        Scratch shared = mBlocks == 1 && tasks > 1 ? packShared(a, aOffset, m, w) : null;
        if (threads == 1) {
            for (int t = 0; t < tasks; t++) {
                tile(a, aOffset, m, w, c, cOffset, epilogue, rowsPerBlock, nChunks, t, shared);
            }
        } else {
            parallel.run(tasks, t -> tile(a, aOffset, m, w, c, cOffset, epilogue, rowsPerBlock, nChunks, t, shared));
        }
        if (epilogue.norm() != null && nChunks > 1) {
            // the tasks split rows across panel ranges, so no task saw a whole row: normalize after
            int n = w.n();
            int rowsPerTask = Math.max(MR, (m + 4 * threads - 1) / (4 * threads));
            int rowTasks = (m + rowsPerTask - 1) / rowsPerTask;
            parallel.run(rowTasks, t -> epilogue.normalizeRows(c, cOffset, n, t * rowsPerTask,
                    Math.min(m, (t + 1) * rowsPerTask)));
        }
    }

    /** Packs all {@code m} rows into the calling thread's scratch, which the tasks then only read. */
    private static Scratch packShared(float[] a, int aOffset, int m, PackedWeights w) {
        Scratch s = SCRATCH.get();
        int blocks = (m + MR - 1) / MR;
        s.ensure(blocks, w.k());
        float[] rowScale = w.precision() == Precision.INT8 ? s.rowScale : null;
        PanamaPacking.packA(a, aOffset, m, w.k(), blocks, s.packedA, rowScale, s.pattern);
        return s;
    }

    /**
     * One output tile. {@code shared} holds rows already packed by {@link #packShared} (then the
     * only row block), or is null for the task to pack its rows into its own thread's scratch.
     */
    private static void tile(float[] a, int aOffset, int m, PackedWeights w, float[] c, int cOffset,
                             Epilogue epilogue, int rowsPerBlock, int nChunks, int task, Scratch shared) {
        int k = w.k();
        int n = w.n();
        int panels = w.panels();
        int row0 = (task / nChunks) * rowsPerBlock;
        int rows = Math.min(rowsPerBlock, m - row0);
        int chunk = task % nChunks;
        int p0 = (int) ((long) panels * chunk / nChunks);
        int p1 = (int) ((long) panels * (chunk + 1) / nChunks);
        int blocks = (rows + MR - 1) / MR;

        Scratch s = SCRATCH.get();
        boolean int8 = w.precision() == Precision.INT8;
        if (shared == null) {
            s.ensure(blocks, k);
            PanamaPacking.packA(a, aOffset + row0 * k, rows, k, blocks, s.packedA, int8 ? s.rowScale : null, s.pattern);
        }
        float[] packedA = shared == null ? s.packedA : shared.packedA;
        float[] rowScale = shared == null ? s.rowScale : shared.rowScale;
        float[] tile = s.tile;

        float[] colScale = int8 ? w.scale : null;
        if (w.precision() != Precision.FP32 && s.panel.length < PANEL * k) {
            s.panel = new float[PANEL * k];
        }
        for (int p = p0; p < p1; p++) {
            float[] panel = s.panel;
            int panelOffset = 0;
            switch (w.precision()) {
                case FP32 -> {
                    panel = w.f32;
                    panelOffset = p * PANEL * k;
                }
                case BF16 -> PanamaPanels.decodeBf16(w.bf16, p * (PANEL / 2) * k, k, panel);
                case INT8 -> PanamaPanels.decodeInt8(w.i8, p * PANEL * k, k, panel);
            }
            for (int b = 0; b < blocks; b++) {
                int apOffset = b * MR * k;
                int blockRows = Math.min(MR, rows - b * MR);
                // a last block of at most 4 real rows skips the padding rows' arithmetic
                if (PanamaKernels.WIDE) {
                    if (blockRows <= MR / 2) {
                        PanamaKernels.kernelFp32Rows4(packedA, apOffset, panel, panelOffset, k, tile);
                    } else {
                        PanamaKernels.kernelFp32(packedA, apOffset, panel, panelOffset, k, tile);
                    }
                } else {
                    narrowKernels(packedA, apOffset, blockRows, panel, panelOffset, k, tile);
                }
                PanamaEpilogue.store(tile, s.epilogueScratch, blockRows, row0 + b * MR, p * PANEL, n, c, cOffset,
                        epilogue, colScale, rowScale, b * MR);
            }
        }
        if (nChunks == 1) {
            // this task wrote every column of its rows, which are still in cache: add & norm here
            epilogue.normalizeRows(c, cOffset, n, row0, row0 + rows);
        }
    }

    private static void narrowKernels(float[] packedA, int apOffset, int blockRows, float[] panel, int panelOffset, int k,
                                      float[] tile) {
        for (int rowOffset = 0; rowOffset < blockRows; rowOffset += MR / 2) {
            for (int colOffset = 0; colOffset < PANEL; colOffset += PANEL / 2) {
                if (PanamaKernels.LANES == 8) {
                    PanamaKernels.kernelFp32Narrow(packedA, apOffset, rowOffset, panel, panelOffset, colOffset, k, tile);
                } else {
                    PanamaKernels.kernelFp32Narrow4(packedA, apOffset, rowOffset, panel, panelOffset, colOffset, k, tile);
                }
            }
        }
    }
}
