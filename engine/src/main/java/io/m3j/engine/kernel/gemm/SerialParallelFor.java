package io.m3j.engine.kernel.gemm;

import java.util.function.IntConsumer;

/** {@link ParallelFor} on the calling thread only. */
final class SerialParallelFor implements ParallelFor {

    static final SerialParallelFor INSTANCE = new SerialParallelFor();

    private SerialParallelFor() {
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public void run(int tasks, IntConsumer task) {
        for (int t = 0; t < tasks; t++) {
            task.accept(t);
        }
    }
}
