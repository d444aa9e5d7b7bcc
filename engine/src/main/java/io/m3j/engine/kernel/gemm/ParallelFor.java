package io.m3j.engine.kernel.gemm;

import java.util.function.IntConsumer;

/**
 * Runs {@code tasks} independent tasks, each identified by its index in {@code [0, tasks)}, and
 * returns when all have finished. The GEMM gives each task a disjoint part of the output, so an
 * implementation may run them in any order on any threads.
 */
public interface ParallelFor {

    /** How many tasks can run at the same time; the GEMM sizes its split from it. */
    int parallelism();

    void run(int tasks, IntConsumer task);

    /** Runs every task on the calling thread, in index order. */
    static ParallelFor serial() {
        return SerialParallelFor.INSTANCE;
    }
}
