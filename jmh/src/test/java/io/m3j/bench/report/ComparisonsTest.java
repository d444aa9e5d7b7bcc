package io.m3j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonsTest {

    @Test
    void pairsM3jWithOrtTwinsAndInvertsTimePerOperation() {
        List<EngineRatio> ratios = EngineRatio.compute(SampleResults.read().results());
        assertEquals(3, ratios.size(), "batch 32 has no ORT twin; the djl row is no part of any pair");

        assertEquals(Map.of("batch", "1"), ratios.get(0).otherParams());
        assertEquals(1.5, ratios.get(0).speedup(), 1e-12, "30 vs 20 ops/s");
        assertEquals(Map.of("batch", "8"), ratios.get(1).otherParams());
        assertEquals(0.5, ratios.get(1).speedup(), 1e-12, "10 vs 20 ops/s");
        assertEquals("encode", ratios.get(2).m3j().methodName());
        assertEquals("ort", ratios.get(2).ort().params().get("engine"));
        assertEquals(2.0, ratios.get(2).speedup(), 1e-12, "2 us/op vs 4 us/op is twice as fast");
    }

    @Test
    void quantizedM3jResultsPairWithTheFp32BaselineWhenOrtRanOnlyOnce() {
        JmhResult ortFp32 = encoder("ort", "fp32", 4);
        JmhResult m3jFp32 = encoder("m3j", "fp32", 6);
        JmhResult m3jBf16 = encoder("m3j", "bf16", 7);
        JmhResult m3jInt8 = encoder("m3j", "int8", 8);
        List<EngineRatio> ratios = EngineRatio.compute(List.of(ortFp32, m3jFp32, m3jBf16, m3jInt8));
        assertEquals(3, ratios.size());
        assertEquals(1.5, ratios.get(0).speedup(), 1e-12);
        assertEquals(1.75, ratios.get(1).speedup(), 1e-12, "m3j BF16 vs ORT FP32");
        assertEquals("fp32", ratios.get(1).ort().params().get("precision"));
        assertEquals(2.0, ratios.get(2).speedup(), 1e-12, "m3j INT8 vs ORT FP32");

        // an ORT run under the same precision label (older scripts) is still the preferred twin
        JmhResult ortBf16 = encoder("ort", "bf16", 3.5);
        List<EngineRatio> exact = EngineRatio.compute(List.of(ortFp32, ortBf16, m3jBf16));
        assertEquals(2.0, exact.get(0).speedup(), 1e-12);
    }

    @Test
    void studentIsPairedWithTheTeacherOnTheSameTokens() {
        List<JmhResult> results = List.of(m3("student", "56", 0.5), m3("teacher", "56", 0.16),
                m3("student", "512", 0.2), m3("teacher", "8192", 0.01));
        List<StudentTeacherRatio> ratios = StudentTeacherRatio.compute(results);
        assertEquals(1, ratios.size(), "512 and 8192 have no twin");
        assertEquals(Map.of("tokens", "56"), ratios.get(0).otherParams());
        assertEquals(3.125, ratios.get(0).speedup(), 1e-12);
    }

    private static JmhResult m3(String model, String tokens, double opsPerSecond) {
        return new JmhResult("io.m3j.bench.M3Bench.encode", "thrpt", 1, Map.of("model", model, "tokens", tokens),
                opsPerSecond, 0.01, "ops/s", opsPerSecond, 3);
    }

    private static JmhResult encoder(String engine, String precision, double opsPerSecond) {
        return new JmhResult("io.m3j.bench.EncoderBench.embed", "thrpt", 1,
                Map.of("batch", "32", "engine", engine, "model", "minilm", "precision", precision),
                opsPerSecond, 0.1, "ops/s", opsPerSecond, 5);
    }

    @Test
    void peakIsPerThreadCount() {
        Map<Integer, Double> peaks = GemmEfficiency.peakGflopsByThreads(SampleResults.read().results());
        assertEquals(2, peaks.size());
        assertEquals(100.0, peaks.get(1), 1e-9);
        assertEquals(250.0, peaks.get(2), 1e-9);
    }

    @Test
    void gemmPercentOfPeakUsesTheSameThreadCount() {
        List<GemmEfficiency> rows = GemmEfficiency.compute(SampleResults.read().results());
        assertEquals(3, rows.size());

        assertEquals(1, rows.get(0).threads());
        assertEquals(50.0, rows.get(0).gflops(), 1e-9, "25 ops/s x 2e9 FLOPs");
        assertEquals(100.0, rows.get(0).peakGflops(), 1e-9);
        assertEquals(50.0, rows.get(0).percentOfPeak(), 1e-9);

        assertEquals(2, rows.get(1).threads());
        assertEquals(200.0, rows.get(1).gflops(), 1e-9, "10 ms/op x 2e9 FLOPs");
        assertEquals(80.0, rows.get(1).percentOfPeak(), 1e-9, "200 of 250");

        assertEquals(4, rows.get(2).threads(), "GemmBench's own threads param wins over JMH threads");
        assertEquals(25.0, rows.get(2).gflops(), 1e-9, "100 ops/s x 2 x 500^3");
        assertTrue(Double.isNaN(rows.get(2).peakGflops()), "no 4-thread PeakFlopsBench result");
        assertTrue(Double.isNaN(rows.get(2).percentOfPeak()));
    }

    @Test
    void gemmShapeParamIsKxN() {
        // m=100, K=500, N=1000: 1e8 FLOPs per product; 1000 ops/s = 100 GFLOP/s; own pool of 2 threads
        JmhResult gemm = new JmhResult("io.m3j.bench.GemmBench.multiply", "thrpt", 1,
                Map.of("m", "100", "shape", "500x1000", "threads", "2"), 1000, 10, "ops/s", 1000, 5);
        JmhResult peak = new JmhResult("io.m3j.bench.PeakFlopsBench.fmaTwoThreads", "thrpt", 2, Map.of(),
                250, 1, "ops/ns", 250, 5);
        List<GemmEfficiency> rows = GemmEfficiency.compute(List.of(gemm, peak));
        assertEquals(1, rows.size());
        assertEquals(2, rows.get(0).threads());
        assertEquals(100.0, rows.get(0).gflops(), 1e-9);
        assertEquals(40.0, rows.get(0).percentOfPeak(), 1e-9);

        JmhResult bad = new JmhResult("io.m3j.bench.GemmBench.multiply", "thrpt", 1,
                Map.of("m", "100", "shape", "500by1000"), 1000, 10, "ops/s", 1000, 5);
        ResultFormatException e = assertThrows(ResultFormatException.class, () -> GemmEfficiency.compute(List.of(bad)));
        assertTrue(e.getMessage().contains("500by1000"), e.getMessage());
    }

    @Test
    void gemmWithoutSizesIsAnError() {
        JmhResult gemm = new JmhResult("io.m3j.bench.GemmBench.matmul", "thrpt", 1, Map.of("rows", "10"),
                1, Double.NaN, "ops/s", 1, 1);
        ResultFormatException e = assertThrows(ResultFormatException.class,
                () -> GemmEfficiency.compute(List.of(gemm)));
        assertTrue(e.getMessage().contains("shape=KxN"), e.getMessage());
    }
}
