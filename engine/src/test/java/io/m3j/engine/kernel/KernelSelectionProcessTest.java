package io.m3j.engine.kernel;

import io.m3j.engine.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kernel selection in fresh JVMs, with and without the Vector API module. */
class KernelSelectionProcessTest {

    private record Run(int exit, String output) {
    }

    private static Run java(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:off");
        command.addAll(List.of(options));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KernelsMain.class.getName());
        command.add(Fixtures.path("/fixtures/xlmr/model").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void withoutTheModuleTheScalarKernelsRunAndOneLineNamesTheFlag() throws Exception {
        Run run = java();
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("kernels=scalar"), run.output());
        assertTrue(run.output().contains("--add-modules jdk.incubator.vector"), run.output());
        assertTrue(run.output().contains("embedding[0]="), run.output());
    }

    @Test
    void forcingPanamaWithoutTheModuleFailsLoudly() throws Exception {
        Run run = java("-Dm3j.kernels=panama");
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("lacks --add-modules jdk.incubator.vector"), run.output());
    }

    @Test
    void withTheModuleThePanamaKernelsAreChosen() throws Exception {
        Run run = java("--add-modules", "jdk.incubator.vector");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("kernels=panama"), run.output());
    }
}
