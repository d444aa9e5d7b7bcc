package io.m3j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCheckpointCommandTest {

    private static int run(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    @Test
    void badArgumentsAreRefusedBeforeWritingGigabytes(@TempDir Path dir) throws IOException {
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "generate-checkpoint", "--shape", "bge-m4", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("'bge-m4' is not one of bge-m3, bge-m3-8l"), err.toString());
        Files.writeString(dir.resolve("taken.txt"), "x");
        err = new StringWriter();
        assertEquals(1, run(err, "generate-checkpoint", "--shape", "bge-m3", "--out", dir.toString()));
        assertTrue(err.toString().contains("is not empty"), err.toString());
        assertEquals(1, Files.list(dir).count());
    }
}
