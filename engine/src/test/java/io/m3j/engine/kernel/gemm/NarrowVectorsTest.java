package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The 8-lane (AVX2) and 4-lane (NEON/SSE) kernel families, run on this machine by capping the
 * JVM's vector size in a child JVM (see {@link NarrowVectorsMain}).
 */
class NarrowVectorsTest {

    @ParameterizedTest
    @CsvSource({"32, 8", "16, 4"})
    void narrowKernelFamiliesGiveTheScalarBits(int maxVectorBytes, int lanes) throws IOException, InterruptedException {
        assumeTrue(Gemm.panamaAvailable() && PanamaKernels.LANES > lanes, "needs vectors wider than " + lanes + " lanes");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-XX:MaxVectorSize=" + maxVectorBytes, "-cp", System.getProperty("java.class.path"),
                NarrowVectorsMain.class.getName(), Integer.toString(lanes))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("narrow vectors OK: " + lanes + " lanes"), output);
    }
}
