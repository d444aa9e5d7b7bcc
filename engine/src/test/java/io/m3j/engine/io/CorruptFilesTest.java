package io.m3j.engine.io;

import io.m3j.engine.Fixtures;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;


/**
 * Randomly corrupted and truncated weight files: loading (and reading every tensor) either works
 * or throws ModelFormatException / UnsupportedModelException, never anything else.
 */
class CorruptFilesTest {
    @TempDir
    Path tmp;

    @Test
    void torchCheckpoints() throws IOException {
        mutate(Fixtures.path("/fixtures/xlmr/model/sparse_linear.pt"), TorchCheckpoint::open, 400);
    }

    @Test
    void safetensors() throws IOException {
        Path small = tmp.resolve("small.safetensors");
        try (SafetensorsFile full = SafetensorsFile.open(Fixtures.path("/fixtures/xlmr/model/model.safetensors"))) {
            SafetensorsWriter.write(small, java.util.List.of(full.require("embeddings.LayerNorm.weight"),
                    full.require("encoder.layer.0.attention.self.query.bias"), full.require("pooler.dense.bias")));
        }
        mutate(small, SafetensorsFile::open, 400);
    }

    @Test
    void onnx() throws IOException {
        // the first 64 KB of the real export, closed off so that the prefix parses: graph nodes with real structure
        byte[] real = Files.readAllBytes(Fixtures.path("/fixtures/xlmr/model/onnx/model.onnx"));
        Path prefix = tmp.resolve("prefix.onnx");
        Files.write(prefix, Arrays.copyOf(real, 4096));
        mutate(prefix, OnnxModelFile::open, 300);
        mutate(Fixtures.path("/fixtures/xlmr/model/onnx/model.onnx"), OnnxModelFile::open, 20);
    }

    private void mutate(Path original, Function<Path, ? extends Weights> open, int rounds) throws IOException {
        byte[] bytes = Files.readAllBytes(original);
        Random random = new Random(original.getFileName().toString().hashCode());
        Path file = tmp.resolve("mutant-" + original.getFileName());
        for (int round = 0; round < rounds; round++) {
            byte[] mutant;
            if (round % 4 == 0) {
                mutant = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            } else {
                mutant = bytes.clone();
                int flips = 1 + random.nextInt(8);
                // bias the flips towards the structural start of the file
                for (int i = 0; i < flips; i++) {
                    int at = random.nextBoolean() ? random.nextInt(Math.min(bytes.length, 512)) : random.nextInt(bytes.length);
                    mutant[at] = (byte) random.nextInt(256);
                }
            }
            Files.write(file, mutant);
            try (Weights w = open.apply(file)) {
                for (String name : w.names()) {
                    Tensor t = w.find(name);
                    if (t.dtype().isFloatingPoint()) t.toFloatArray();
                }
            } catch (ModelFormatException | UnsupportedModelException expected) {
                // the only acceptable failures
            } catch (RuntimeException | Error e) {
                throw new AssertionError("round " + round + " of " + original.getFileName() + ": " + e, e);
            }
        }
    }

}
