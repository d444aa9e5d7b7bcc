package io.m3j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhResultFileTest {

    @Test
    void readsEveryEntryWithItsParamsScoresAndUnits() {
        JmhResultFile file = SampleResults.read();
        List<JmhResult> results = file.results();
        assertEquals(13, results.size());
        assertEquals("JMH 1.37, JDK 25.0.3, OpenJDK 64-Bit Server VM 25.0.3+9-LTS", file.environment());

        JmhResult two = results.get(1);
        assertEquals("io.m3j.bench.PeakFlopsBench.fmaTwoThreads", two.benchmark());
        assertEquals("PeakFlopsBench", two.className());
        assertEquals("fmaTwoThreads", two.methodName());
        assertEquals("thrpt", two.mode());
        assertEquals(2, two.threads());
        assertEquals(250.0, two.score());
        assertEquals(30.0, two.scoreError());
        assertEquals(252.0, two.median(), "median of 236, 260, 250, 254 over both forks");
        assertEquals(4, two.samples());
        assertEquals(250e9, two.opsPerSecond(), 1e-3);
        assertTrue(two.params().isEmpty());

        JmhResult tokenizer = results.get(10);
        assertEquals(List.of("engine", "text"), List.copyOf(tokenizer.params().keySet()));
        assertEquals("short | mixed", tokenizer.params().get("text"));
        assertTrue(Double.isNaN(tokenizer.scoreError()), "JMH writes an unknown error as the string \"NaN\"");
        assertEquals(500_000.0, tokenizer.opsPerSecond(), 1e-6, "2 us/op");
    }

    @Test
    void convertsEveryJmhUnitToOperationsPerSecond() {
        assertEquals(1e9, ScoreUnit.parse("ops/ns").toOpsPerSecond(1), 1e-3);
        assertEquals(3e6, ScoreUnit.parse("ops/us").toOpsPerSecond(3), 1e-6);
        assertEquals(2, ScoreUnit.parse("ops/min").toOpsPerSecond(120), 1e-12);
        assertEquals(100, ScoreUnit.parse("ms/op").toOpsPerSecond(10), 1e-9);
        assertEquals(0.5, ScoreUnit.parse("s/op").toOpsPerSecond(2), 1e-12);
        ResultFormatException e = assertThrows(ResultFormatException.class, () -> ScoreUnit.parse("ops/hour"));
        assertTrue(e.getMessage().contains("'hour'"), e.getMessage());
    }

    @Test
    void rejectsAnEntryWithoutPrimaryMetricNamingFileAndBenchmark(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "[{\"benchmark\":\"io.m3j.bench.X.y\",\"mode\":\"thrpt\",\"threads\":1}]");
        ResultFormatException e = assertThrows(ResultFormatException.class, () -> JmhResultFile.read(file));
        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
        assertTrue(e.getMessage().contains("io.m3j.bench.X.y"), e.getMessage());
        assertTrue(e.getMessage().contains("primaryMetric"), e.getMessage());
    }

    @Test
    void rejectsAFileThatIsNotAnArray(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("object.json");
        Files.writeString(file, "{\"benchmark\":\"x\"}");
        ResultFormatException e = assertThrows(ResultFormatException.class, () -> JmhResultFile.read(file));
        assertTrue(e.getMessage().contains("expected a JSON array"), e.getMessage());
    }
}
