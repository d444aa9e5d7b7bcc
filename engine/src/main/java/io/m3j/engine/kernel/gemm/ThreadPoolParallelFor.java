package io.m3j.engine.kernel.gemm;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * {@link ParallelFor} over a dedicated fixed pool of daemon threads (not the common ForkJoin
 * pool, whose threads other code may be blocking). The calling thread works too, so a pool of
 * {@code threads} uses {@code threads - 1} pool threads. Tasks are claimed from a shared counter,
 * and {@link #run} waits for the tasks, not for the helpers: a helper that starts late finds no
 * work and returns, so a call from inside a pool thread cannot deadlock.
 */
public final class ThreadPoolParallelFor implements ParallelFor, AutoCloseable {

    private final int threads;
    private final ExecutorService helpers;

    public ThreadPoolParallelFor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("ThreadPoolParallelFor: threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        AtomicInteger id = new AtomicInteger();
        this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "m3j-gemm-" + id.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool sized to {@link Runtime#availableProcessors()}. */
    public static ThreadPoolParallelFor ofAvailableProcessors() {
        return new ThreadPoolParallelFor(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void run(int tasks, IntConsumer task) {
        if (tasks <= 1 || helpers == null) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> drain(tasks, task, next, done, failure);
        int extra = Math.min(threads, tasks) - 1;
        for (int i = 0; i < extra; i++) {
            helpers.execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ThreadPoolParallelFor: interrupted while waiting for tasks", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void drain(int tasks, IntConsumer task, AtomicInteger next, CountDownLatch done,
                              AtomicReference<Throwable> failure) {
        for (int t; (t = next.getAndIncrement()) < tasks; ) {
            try {
                if (failure.get() == null) {
                    task.accept(t);
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                done.countDown();
            }
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
