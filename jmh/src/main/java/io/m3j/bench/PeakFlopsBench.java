package io.m3j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's peak single-precision FMA rate as the Vector API reaches it: the ceiling that GEMM
 * and encoder throughput are compared with ("% of peak").
 *
 * <p>Each thread runs {@value #CHAINS} independent chains {@code acc = acc * scale + offset} on
 * {@link FloatVector#SPECIES_PREFERRED} vectors, all in registers: no loads or stores in the loop,
 * and enough independent chains to hide the FMA latency on every FMA port (latency 4 x 2 ports on
 * Zen 4 and recent Intel cores needs 8; 12 leaves margin and still fits in 16 AVX2 registers).
 *
 * <p>Unit: one JMH operation is one floating-point operation ({@link OperationsPerInvocation} is
 * the FLOP count of one call), and the output time unit is nanoseconds, so the score in ops/ns
 * <em>is</em> GFLOP/s. With several threads JMH sums the threads' scores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class PeakFlopsBench {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Independent accumulator vectors per thread. */
    static final int CHAINS = 12;

    /**
     * FLOPs of one call: 3 * 2^20, divisible by {@code CHAINS * lanes * 2} for every power-of-two
     * lane count the Vector API has, so the loop does exactly this much work on any machine.
     */
    public static final int FLOPS_PER_INVOCATION = 3 << 20;

    private int steps;
    // Read from fields, not constants, so the JIT cannot reason about the chains' values.
    // scale < 1 and offset > 0 make every chain converge to offset / (1 - scale) = 1: no overflow
    // and no denormals, which would slow the FMA units down.
    private float scale;
    private float offset;

    @Setup
    public void setUp() {
        int flopsPerStep = CHAINS * SPECIES.length() * 2;
        if (FLOPS_PER_INVOCATION % flopsPerStep != 0) {
            throw new IllegalStateException("PeakFlopsBench: " + FLOPS_PER_INVOCATION
                    + " FLOPs per call is not a multiple of " + flopsPerStep + " (" + CHAINS + " chains x "
                    + SPECIES.length() + " lanes x 2); the reported GFLOP/s would be wrong");
        }
        steps = FLOPS_PER_INVOCATION / flopsPerStep;
        scale = 0.999f;
        offset = 0.001f;
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(FLOPS_PER_INVOCATION)
    public float fmaOneThread() {
        return fmaChains(steps, scale, offset);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(FLOPS_PER_INVOCATION)
    public float fmaTwoThreads() {
        return fmaChains(steps, scale, offset);
    }

    /** Runs {@code steps} rounds of one FMA per chain; returns a value that depends on every chain. */
    static float fmaChains(int steps, float scale, float offset) {
        FloatVector a = FloatVector.broadcast(SPECIES, scale);
        FloatVector b = FloatVector.broadcast(SPECIES, offset);
        // Distinct start values: identical chains could be merged into one by the JIT.
        FloatVector acc0 = FloatVector.broadcast(SPECIES, 0.0f);
        FloatVector acc1 = FloatVector.broadcast(SPECIES, 0.1f);
        FloatVector acc2 = FloatVector.broadcast(SPECIES, 0.2f);
        FloatVector acc3 = FloatVector.broadcast(SPECIES, 0.3f);
        FloatVector acc4 = FloatVector.broadcast(SPECIES, 0.4f);
        FloatVector acc5 = FloatVector.broadcast(SPECIES, 0.5f);
        FloatVector acc6 = FloatVector.broadcast(SPECIES, 0.6f);
        FloatVector acc7 = FloatVector.broadcast(SPECIES, 0.7f);
        FloatVector acc8 = FloatVector.broadcast(SPECIES, 0.8f);
        FloatVector acc9 = FloatVector.broadcast(SPECIES, 0.9f);
        FloatVector acc10 = FloatVector.broadcast(SPECIES, 1.1f);
        FloatVector acc11 = FloatVector.broadcast(SPECIES, 1.2f);
        for (int i = 0; i < steps; i++) {
            acc0 = acc0.fma(a, b);
            acc1 = acc1.fma(a, b);
            acc2 = acc2.fma(a, b);
            acc3 = acc3.fma(a, b);
            acc4 = acc4.fma(a, b);
            acc5 = acc5.fma(a, b);
            acc6 = acc6.fma(a, b);
            acc7 = acc7.fma(a, b);
            acc8 = acc8.fma(a, b);
            acc9 = acc9.fma(a, b);
            acc10 = acc10.fma(a, b);
            acc11 = acc11.fma(a, b);
        }
        FloatVector sum = acc0.add(acc1).add(acc2).add(acc3).add(acc4).add(acc5)
                .add(acc6).add(acc7).add(acc8).add(acc9).add(acc10).add(acc11);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
