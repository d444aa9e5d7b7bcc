package io.m3j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How close a GEMM result comes to the machine's peak FMA rate measured by PeakFlopsBench with the
 * same number of threads.
 *
 * <p>Contract with GemmBench: one JMH operation is one product C = A·B of an m×k by a k×n matrix,
 * 2·m·n·k FLOPs, with the sizes in {@code @Param}s: {@code m} and {@code shape} = "KxN"; or
 * {@code m}, {@code n}, {@code k}; or one {@code size} for square matrices. The thread count is the
 * {@code threads} param when GemmBench has one (its own compute pool), else JMH's thread count.
 * PeakFlopsBench reports one FLOP per operation.
 *
 * @param gemm          the GemmBench result
 * @param threads       threads the GEMM ran on
 * @param gflops        GEMM GFLOP/s
 * @param peakGflops    PeakFlopsBench GFLOP/s with the same threads; NaN when there is none
 * @param percentOfPeak 100 · gflops / peakGflops; NaN when there is no peak
 */
public record GemmEfficiency(JmhResult gemm, int threads, double gflops, double peakGflops, double percentOfPeak) {

    public static final String GEMM_CLASS = "GemmBench";
    public static final String PEAK_CLASS = "PeakFlopsBench";

    public static List<GemmEfficiency> compute(List<JmhResult> results) {
        Map<Integer, Double> peaks = peakGflopsByThreads(results);
        List<GemmEfficiency> rows = new ArrayList<>();
        for (JmhResult result : results) {
            if (!GEMM_CLASS.equals(result.className())) {
                continue;
            }
            double gflops = result.opsPerSecond() * flopsPerOperation(result) / 1e9;
            int threads = threadsOf(result);
            Double peak = peaks.get(threads);
            double peakGflops = peak == null ? Double.NaN : peak;
            rows.add(new GemmEfficiency(result, threads, gflops, peakGflops, 100.0 * gflops / peakGflops));
        }
        return rows;
    }

    /** The best PeakFlopsBench GFLOP/s for each thread count. */
    public static Map<Integer, Double> peakGflopsByThreads(List<JmhResult> results) {
        Map<Integer, Double> peaks = new TreeMap<>();
        for (Map.Entry<Integer, JmhResult> peak : peakResultsByThreads(results).entrySet()) {
            peaks.put(peak.getKey(), gflops(peak.getValue()));
        }
        return peaks;
    }

    /** The fastest PeakFlopsBench result for each thread count (should -t run both methods alike). */
    static Map<Integer, JmhResult> peakResultsByThreads(List<JmhResult> results) {
        Map<Integer, JmhResult> peaks = new TreeMap<>();
        for (JmhResult result : results) {
            if (PEAK_CLASS.equals(result.className())) {
                JmhResult best = peaks.get(result.threads());
                if (best == null || result.opsPerSecond() > best.opsPerSecond()) {
                    peaks.put(result.threads(), result);
                }
            }
        }
        return peaks;
    }

    /** GFLOP/s of a PeakFlopsBench result, whose operation is one FLOP. */
    static double gflops(JmhResult peak) {
        return peak.opsPerSecond() / 1e9;
    }

    static double flopsPerOperation(JmhResult gemm) {
        Map<String, String> params = gemm.params();
        if (params.containsKey("m") && params.containsKey("shape")) {
            String shape = params.get("shape");
            String[] kn = shape.split("x");
            if (kn.length != 2) {
                throw new ResultFormatException(gemm.benchmark() + ": param shape must be KxN (e.g. 384x1536), found '"
                        + shape + "'");
            }
            return 2.0 * size(gemm, "m") * positive(gemm, "shape", kn[0]) * positive(gemm, "shape", kn[1]);
        }
        if (params.containsKey("m") && params.containsKey("n") && params.containsKey("k")) {
            return 2.0 * size(gemm, "m") * size(gemm, "n") * size(gemm, "k");
        }
        if (params.containsKey("size")) {
            double size = size(gemm, "size");
            return 2.0 * size * size * size;
        }
        throw new ResultFormatException(gemm.benchmark() + " " + params + ": GemmBench needs @Params m and shape=KxN,"
                + " or m, n, k, or size, to turn operations per second into GFLOP/s");
    }

    private static int threadsOf(JmhResult gemm) {
        String threads = gemm.params().get("threads");
        return threads == null ? gemm.threads() : (int) size(gemm, "threads");
    }

    private static double size(JmhResult gemm, String param) {
        return positive(gemm, param, gemm.params().get(param));
    }

    private static double positive(JmhResult gemm, String param, String value) {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed <= 0) {
                throw new NumberFormatException("not positive");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ResultFormatException(gemm.benchmark() + ": param " + param + " must hold positive integers, found '"
                    + value + "'", e);
        }
    }
}
