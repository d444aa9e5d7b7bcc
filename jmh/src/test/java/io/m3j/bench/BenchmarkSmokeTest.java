package io.m3j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.m3j.bench.report.BenchmarkReport;
import io.m3j.bench.report.EngineRatio;
import io.m3j.bench.report.JmhResult;
import io.m3j.bench.report.JmhResultFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark the annotation processor registered (META-INF/BenchmarkList: whatever is
 * added to this module is covered without touching this test) once, in this JVM, for one short
 * iteration: it proves each one sets up, runs and scores, not how fast it is.
 *
 * <p>"Once" means one combination of {@code @Param} values: the first declared value of each, except
 * {@code engine}, whose every value runs (each engine is its own code path). The JSON that JMH
 * writes then goes through BenchmarkReport, so the report is known to read what JMH really writes
 * and to understand every benchmark's params.
 */
class BenchmarkSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyBenchmarkRunsOnceWithAPositiveScore(@TempDir Path dir) throws RunnerException, IOException {
        Map<String, Map<String, String[]>> benchmarks = registeredBenchmarks();
        assertTrue(benchmarks.containsKey(PeakFlopsBench.class.getName() + ".fmaOneThread"), benchmarks.keySet().toString());

        // JMH refuses to start while another JMH run holds /tmp/jmh.lock; this run measures nothing,
        // so it may overlap a real benchmark run on the same machine.
        System.setProperty("jmh.ignoreLock", "true");
        // M3Bench on a tiny XLM-R shape instead of writing multi-gigabyte bge-m3 checkpoints
        System.setProperty(M3Bench.SMOKE_PROPERTY, "true");
        List<JmhResult> reported = new ArrayList<>();
        String environment = "";
        int index = 0;
        for (Map.Entry<String, Map<String, String[]>> benchmark : benchmarks.entrySet()) {
            String name = benchmark.getKey();
            Path json = dir.resolve("result-" + index++ + ".json");
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include("^" + Pattern.quote(name) + "$")
                    .forks(0) // in this JVM, which surefire starts with the Vector API module
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(150))
                    .timeout(TimeValue.seconds(60))
                    .shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            for (Map.Entry<String, String[]> param : benchmark.getValue().entrySet()) {
                String[] values = param.getValue();
                if (!param.getKey().equals(EngineRatio.ENGINE_PARAM)) {
                    values = new String[] {values[0]};
                }
                options.param(param.getKey(), values);
            }
            Collection<RunResult> runs = new Runner(options.build()).run();

            assertFalse(runs.isEmpty(), name + " did not run");
            for (RunResult run : runs) {
                assertEquals(name, run.getParams().getBenchmark());
                double score = run.getPrimaryResult().getScore();
                assertTrue(score > 0 && Double.isFinite(score), name + " " + run.getParams().id() + " scored " + score);
            }
            JmhResultFile file = JmhResultFile.read(json);
            assertEquals(runs.size(), file.results().size(), json.toString());
            reported.addAll(file.results());
            environment = file.environment();
        }

        for (JmhResult result : reported) {
            assertTrue(result.opsPerSecond() > 0, result.benchmark() + " " + result.params());
        }
        Path markdown = dir.resolve("BENCHMARKS.md");
        BenchmarkReport.write(new JmhResultFile(dir.resolve("results.json"), reported, environment), markdown,
                dir.resolve("benchmarks.png"), "smoke test");
        String md = Files.readString(markdown);
        for (String name : benchmarks.keySet()) {
            String className = name.substring(0, name.lastIndexOf('.'));
            assertTrue(md.contains("## " + className.substring(className.lastIndexOf('.') + 1)), name);
        }
    }

    /** Benchmark method name to its declared {@code @Param} values, from the annotation processor's list. */
    private static Map<String, Map<String, String[]>> registeredBenchmarks() throws IOException {
        Map<String, Map<String, String[]>> benchmarks = new TreeMap<>();
        try (InputStream list = BenchmarkSmokeTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(list, BenchmarkList.BENCHMARK_LIST + " missing: did the JMH annotation processor run?");
            for (BenchmarkListEntry entry : BenchmarkList.readBenchmarkList(list)) {
                Map<String, String[]> params = entry.getParams().hasValue()
                        ? new LinkedHashMap<>(entry.getParams().get()) : Map.of();
                benchmarks.putIfAbsent(entry.getUsername(), params);
            }
        }
        assertFalse(benchmarks.isEmpty());
        return benchmarks;
    }
}
