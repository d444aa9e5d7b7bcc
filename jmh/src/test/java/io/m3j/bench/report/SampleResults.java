package io.m3j.bench.report;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * jmh-sample.json: a JMH 1.37 {@code -rf json} file written by hand with round numbers, so the
 * expected GFLOP/s, ratios and percentages in the tests can be worked out on paper:
 * <ul>
 *   <li>PeakFlopsBench: 1 thread mean 100 GFLOP/s; 2 threads iterations 236, 260, 250, 254
 *       (two forks): mean 250, median 252.</li>
 *   <li>GemmBench.matmul m=n=k=1000 (2e9 FLOPs per op): 1 thread 25 ops/s = 50 GFLOP/s = 50% of 100;
 *       2 threads 10 ms/op = 100 ops/s = 200 GFLOP/s = 80% of 250. matmulPool size=500 threads=4:
 *       100 ops/s x 2.5e8 FLOPs = 25 GFLOP/s, no 4-thread peak.</li>
 *   <li>EncoderBench.embed: batch 1 m3j 30 vs ort 20 ops/s (1.5x); batch 8 m3j 10 vs ort 20 (0.5x);
 *       batch 32 m3j only.</li>
 *   <li>TokenizerBench.encode avgt: m3j 2 us/op vs ort 4 us/op (2x faster); a djl row that has no part
 *       in the m3j/ort ratio.</li>
 * </ul>
 */
final class SampleResults {
    private SampleResults() {
    }

    static Path path() {
        try {
            return Path.of(SampleResults.class.getResource("jmh-sample.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JmhResultFile read() {
        return JmhResultFile.read(path());
    }
}
