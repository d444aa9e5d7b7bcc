package io.m3j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.m3j.bench.report.BenchmarkReport;
import io.m3j.bench.report.JmhResult;
import io.m3j.bench.report.JmhResultFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark the annotation processor registered (META-INF/BenchmarkList: whatever is
 * added to this module is covered without touching this test) once, in this JVM, for one short
 * iteration: it proves each one sets up, runs and scores, not how fast it is. The JSON it writes then
 * goes through BenchmarkReport, so the report is known to read what JMH really writes.
 */
class BenchmarkSmokeTest {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyBenchmarkRunsOnceWithAPositiveScore(@TempDir Path dir) throws RunnerException, IOException {
        Set<String> registered = registeredBenchmarks();
        assertTrue(registered.contains(PeakFlopsBench.class.getName() + ".fmaOneThread"), registered.toString());

        // JMH refuses to start while another JMH run holds /tmp/jmh.lock; this run measures nothing,
        // so it may overlap a real benchmark run on the same machine.
        System.setProperty("jmh.ignoreLock", "true");
        Path json = dir.resolve("results.json");
        Options options = new OptionsBuilder()
                .include(".*")
                .forks(0) // in this JVM, which surefire starts with the Vector API module
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(150))
                .timeout(TimeValue.seconds(60))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        Collection<RunResult> runs = new Runner(options).run();

        Set<String> ran = new TreeSet<>();
        for (RunResult run : runs) {
            String name = run.getParams().getBenchmark();
            double score = run.getPrimaryResult().getScore();
            assertTrue(score > 0 && Double.isFinite(score), name + " " + run.getParams().id() + " scored " + score);
            ran.add(name);
        }
        assertEquals(registered, ran, "every registered benchmark must have run");

        JmhResultFile file = JmhResultFile.read(json);
        assertEquals(runs.size(), file.results().size());
        for (JmhResult result : file.results()) {
            assertTrue(result.opsPerSecond() > 0, result.benchmark() + " " + result.params());
        }
        Path markdown = dir.resolve("BENCHMARKS.md");
        BenchmarkReport.write(file, markdown, dir.resolve("benchmarks.png"), "smoke test");
        String md = Files.readString(markdown);
        for (String name : registered) {
            String className = name.substring(0, name.lastIndexOf('.'));
            assertTrue(md.contains("## " + className.substring(className.lastIndexOf('.') + 1)), name);
        }
    }

    private static Set<String> registeredBenchmarks() throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream list = BenchmarkSmokeTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(list, BenchmarkList.BENCHMARK_LIST + " missing: did the JMH annotation processor run?");
            for (BenchmarkListEntry entry : BenchmarkList.readBenchmarkList(list)) {
                names.add(entry.getUsername());
            }
        }
        assertFalse(names.isEmpty());
        return names;
    }
}
