package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ThreadPoolParallelForTest {

    @Test
    void runsEveryTaskExactlyOnceIncludingNestedCalls() {
        try (ThreadPoolParallelFor pool = new ThreadPoolParallelFor(3)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(50 * 7);
            pool.run(50, outer -> pool.run(7, inner -> hits.incrementAndGet(outer * 7 + inner)));
            for (int i = 0; i < hits.length(); i++) {
                assertEquals(1, hits.get(i), "task " + i);
            }
        }
    }

    @Test
    void rethrowsAFailingTasksException() {
        try (ThreadPoolParallelFor pool = new ThreadPoolParallelFor(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(10, t -> {
                if (t == 6) {
                    throw new IllegalStateException("task six");
                }
            }));
            assertEquals("task six", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new ThreadPoolParallelFor(0));
        }
    }
}
