package io.m3j.bench.report;

import java.util.Arrays;
import java.util.Map;

/**
 * One entry of a JMH {@code -rf json} result file: one benchmark method with one set of parameter
 * values.
 *
 * @param benchmark  fully qualified method name, e.g. {@code io.m3j.bench.PeakFlopsBench.fmaOneThread}
 * @param mode       JMH mode: thrpt, avgt, sample, ss
 * @param threads    JMH worker threads (the {@code -t} option or {@code @Threads})
 * @param params     {@code @Param} values in the file's order
 * @param score      mean over all measurement iterations (for thrpt with several threads: summed over threads)
 * @param scoreError half-width of JMH's 99.9% confidence interval; NaN when there are too few samples
 * @param scoreUnit  e.g. ops/s or ms/op
 * @param median     median of the iteration scores; NaN when the file has neither raw data nor percentiles
 * @param samples    number of measured iterations over all forks (0 when the file has no raw data)
 */
public record JmhResult(String benchmark, String mode, int threads, Map<String, String> params,
                        double score, double scoreError, String scoreUnit, double median, int samples) {

    /** Simple name of the benchmark class, e.g. {@code PeakFlopsBench}. */
    public String className() {
        int method = benchmark.lastIndexOf('.');
        String owner = method < 0 ? benchmark : benchmark.substring(0, method);
        return owner.substring(owner.lastIndexOf('.') + 1);
    }

    /** The benchmark method's name, e.g. {@code fmaOneThread}. */
    public String methodName() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The mean score as operations per second, whatever the mode's unit. */
    public double opsPerSecond() {
        return ScoreUnit.parse(scoreUnit).toOpsPerSecond(score);
    }

    /** Median of the given iteration scores; NaN for none. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
