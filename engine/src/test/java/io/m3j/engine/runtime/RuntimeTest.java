package io.m3j.engine.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeTest {
    @Test
    void batchesAreSortedByLengthAndCapped() {
        int[] lengths = {5, 100, 3, 50, 50, 7000, 1};
        List<int[]> batches = BatchPlanner.plan(lengths, 120);
        assertArrayEquals(new int[] {5}, batches.get(0));          // longer than the cap: alone
        assertArrayEquals(new int[] {1}, batches.get(1));          // 100 + 50 > 120
        assertArrayEquals(new int[] {3, 4, 0, 2, 6}, batches.get(2)); // longest first, ties by index
        assertEquals(3, batches.size());
    }

    @Test
    void batchesAreAlsoCappedInSequences() {
        int[] lengths = {4, 9, 2, 9, 6};
        List<int[]> batches = BatchPlanner.plan(lengths, 1000, 2);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {1, 3}, batches.get(0));
        assertArrayEquals(new int[] {4, 0}, batches.get(1));
        assertArrayEquals(new int[] {2}, batches.get(2));
        assertThrows(IllegalArgumentException.class, () -> BatchPlanner.plan(lengths, 1000, 0));
    }

    @Test
    void poolCoversEveryIndexOnceAndPropagatesFailures() {
        try (ComputePool pool = new ComputePool(3)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(1000);
            pool.forEach(1000, 7, (s, e) -> {
                // nested use from inside a task runs inline instead of deadlocking
                pool.forEach(2, 1, (a, b) -> { });
                for (int i = s; i < e; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < 1000; i++) assertEquals(1, hits.get(i));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forEach(100, 1, (s, x) -> {
                if (s == 42) throw new IllegalStateException("boom");
            }));
            assertTrue(e.getMessage().contains("boom"));
        }
    }
}
