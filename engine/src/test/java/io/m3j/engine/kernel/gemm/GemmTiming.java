package io.m3j.engine.kernel.gemm;

import java.util.Random;

/**
 * Hand-run timing harness for tuning (not a test): best-of-N GFLOP/s = 2·M·N·K / seconds.
 * Usage: GemmTiming impl(panama|scalar) precision M KxN threads [packedABudgetFloats] [epilogue]
 */
public final class GemmTiming {

    private GemmTiming() {
    }

    private static long allThreadsCpu(java.lang.management.ThreadMXBean mx) {
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }

    public static void main(String[] args) {
        String impl = args[0];
        Precision precision = Precision.valueOf(args[1].toUpperCase());
        int m = Integer.parseInt(args[2]);
        String[] kn = args[3].split("x");
        int k = Integer.parseInt(kn[0]);
        int n = Integer.parseInt(kn[1]);
        int threads = Integer.parseInt(args[4]);
        Gemm gemm = impl.equals("scalar") ? Gemm.scalar()
                : args.length > 5 ? new PanamaGemm(Integer.parseInt(args[5])) : Gemm.panama();
        String epi = args.length > 6 ? args[6] : "none";
        Random random = new Random(42);
        float[] w = new float[n * k];
        float[] a = new float[m * k];
        float[] bias = new float[n];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.05f;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        Epilogue e = switch (epi) {
            case "gelu" -> Epilogue.biasGeluErf(bias);
            case "tanh" -> Epilogue.biasGeluTanh(bias);
            case "bias" -> Epilogue.bias(bias);
            default -> Epilogue.none();
        };
        float[] c = new float[m * n];
        PackedWeights packed = PackedWeights.pack(w, n, k, WeightLayout.OUT_IN, precision);
        double flop = 2.0 * m * n * k;
        int reps = (int) Math.max(1, Math.min(2000, 2e9 / flop));
        double best = 0;
        double bestCpu = 0;
        double bestPerCore = 0;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        try (ThreadPoolParallelFor pool = new ThreadPoolParallelFor(threads)) {
            for (int round = 0; round < 12; round++) {
                long t0 = System.nanoTime();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long all0 = allThreadsCpu(mx);
                for (int r = 0; r < reps; r++) {
                    gemm.multiply(a, m, packed, c, e, pool);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                bestCpu = Math.max(bestCpu, flop * reps / cpu / 1e9);
                double all = (allThreadsCpu(mx) - all0) / 1e9;
                bestPerCore = Math.max(bestPerCore, flop * reps / all / 1e9);
                best = Math.max(best, flop * reps / s / 1e9);
            }
        }
        System.out.printf("%s %s M=%d %dx%d threads=%d %s: %.1f GFLOP/s wall, %.1f per CPU-second of the caller,"
                + " %.1f per CPU-second of all threads%n", impl, precision, m, k, n, threads, epi, best, bestCpu, bestPerCore);
    }
}
