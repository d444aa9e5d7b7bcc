package io.m3j.engine.runtime;

import io.m3j.engine.kernel.gemm.ParallelFor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A dedicated pool of compute threads (not the common ForkJoin pool, which callers may be using
 * for their own work). {@link #forEach} splits a range into chunks that the calling thread and the
 * pool threads take in turn; a call made from a pool thread runs inline, so nesting cannot deadlock.
 */
public final class ComputePool implements ParallelFor, AutoCloseable {

    /** A body over the chunk {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /**
     * How long an idle thread spins before parking. A forward pass runs many short parallel
     * sections back to back (several per layer, well under a millisecond each at batch 1), and
     * waking a parked thread costs tens of microseconds per section.
     */
    private static final long SPIN_NANOS = 100_000;

    private static final ComputePool SHARED = new ComputePool(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final ExecutorService executor;
    private final ThreadLocal<Boolean> insidePool = ThreadLocal.withInitial(() -> false);

    public ComputePool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        AtomicInteger counter = new AtomicInteger();
        this.executor = threads == 1 ? null : new ThreadPoolExecutor(threads - 1, threads - 1, 0, TimeUnit.MILLISECONDS,
                new SpinningQueue(), r -> {
            Thread t = new Thread(() -> {
                insidePool.set(true);
                r.run();
            }, "m3j-compute-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A work queue whose idle pool threads spin for {@link #SPIN_NANOS} before blocking. */
    private static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {
        @Override
        public Runnable take() throws InterruptedException {
            long deadline = System.nanoTime() + SPIN_NANOS;
            do {
                Runnable r = isEmpty() ? null : poll();
                if (r != null) return r;
                Thread.onSpinWait();
            } while (System.nanoTime() < deadline);
            return super.take();
        }
    }

    /** The process-wide pool sized to the available cores. */
    public static ComputePool shared() {
        return SHARED;
    }

    public int threads() {
        return threads;
    }

    @Override
    public int parallelism() {
        return threads;
    }

    /** {@link ParallelFor}: one task per chunk, so the GEMM's own split decides the balance. */
    @Override
    public void run(int tasks, IntConsumer task) {
        forEach(tasks, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) task.accept(t);
        });
    }

    /** Runs {@code body} over {@code [0, count)} in chunks of {@code grain} items, in parallel. */
    public void forEach(int count, int grain, RangeBody body) {
        if (count <= 0) return;
        int chunks = (count + grain - 1) / grain;
        if (executor == null || chunks == 1 || insidePool.get()) {
            body.run(0, count);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                int start = c * grain;
                body.run(start, Math.min(count, start + grain));
            }
        };
        int helpers = Math.min(threads - 1, chunks - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) futures.add(executor.submit(worker));
        Throwable failure = null;
        boolean wasInside = insidePool.get();
        insidePool.set(true);
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            insidePool.set(wasInside);
        }
        for (Future<?> f : futures) {
            spinUntilDone(f);
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause(); else failure.addSuppressed(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** The helpers usually finish about when the caller does: spin briefly rather than park. */
    private static void spinUntilDone(Future<?> f) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!f.isDone() && System.nanoTime() < deadline) Thread.onSpinWait();
    }

    /** Splits {@code [0, count)} into about {@code 4 x threads} chunks. */
    public void forEach(int count, RangeBody body) {
        int grain = Math.max(1, (count + 4 * threads - 1) / (4 * threads));
        forEach(count, grain, body);
    }

    @Override
    public void close() {
        if (executor != null && this != SHARED) executor.shutdownNow();
    }
}
