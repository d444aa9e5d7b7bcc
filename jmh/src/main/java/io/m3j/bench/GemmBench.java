package io.m3j.bench;

import io.m3j.engine.kernel.gemm.Epilogue;
import io.m3j.engine.kernel.gemm.Gemm;
import io.m3j.engine.kernel.gemm.PackedWeights;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.kernel.gemm.ThreadPoolParallelFor;
import io.m3j.engine.kernel.gemm.WeightLayout;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The encoder's matrix multiply, {@code C[M x N] = A[M x K] · Wᵀ} with W packed at load time
 * ({@link PackedWeights}), on the Vector API implementation ({@link Gemm#panama()}).
 *
 * <p>Unit: one operation is one whole product, 2·M·N·K floating-point operations, so
 * <b>GFLOP/s = 2 · M · N · K · (ops/s) / 1e9</b>. Params: {@code m} rows (tokens); {@code shape}
 * "KxN" (input x output features: the bge-m3 / MiniLM attention, FFN-up and FFN-down shapes);
 * {@code precision} of the packed weights; {@code threads} of the GEMM's own
 * {@link ThreadPoolParallelFor} (the benchmark thread takes part, so 2 means the caller plus one
 * pool thread); {@code epilogue} none, bias, gelu (bias + exact-erf GELU) or residual
 * (bias + residual). Compare with PeakFlopsBench at the same thread count for "% of peak".
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class GemmBench {

    @Param({"32", "256", "2048"})
    public int m;

    /** K x N. */
    @Param({"384x384", "384x1536", "1024x1024", "1024x4096", "4096x1024"})
    public String shape;

    @Param({"fp32", "bf16", "int8"})
    public String precision;

    @Param({"1", "2"})
    public int threads;

    @Param({"none"})
    public String epilogue;

    private Gemm gemm;
    private PackedWeights weights;
    private float[] a;
    private float[] c;
    private Epilogue fused;
    private ThreadPoolParallelFor pool;

    @Setup(Level.Trial)
    public void setUp() {
        String[] kn = shape.split("x");
        int k = Integer.parseInt(kn[0]);
        int n = Integer.parseInt(kn[1]);
        Random random = new Random(42);
        float[] w = new float[n * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() / (float) Math.sqrt(k);
        }
        a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        float[] bias = new float[n];
        for (int i = 0; i < n; i++) {
            bias[i] = (float) random.nextGaussian();
        }
        c = new float[m * n];
        weights = PackedWeights.pack(w, n, k, WeightLayout.OUT_IN, Precision.valueOf(precision.toUpperCase(Locale.ROOT)));
        fused = switch (epilogue) {
            case "none" -> Epilogue.none();
            case "bias" -> Epilogue.bias(bias);
            case "gelu" -> Epilogue.biasGeluErf(bias);
            case "residual" -> Epilogue.biasResidual(bias, new float[m * n], 0);
            default -> throw new IllegalArgumentException("GemmBench: unknown epilogue '" + epilogue
                    + "' (expected none, bias, gelu or residual)");
        };
        gemm = Gemm.panama();
        pool = new ThreadPoolParallelFor(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public float[] multiply() {
        gemm.multiply(a, m, weights, c, fused, pool);
        return c;
    }
}
