package io.m3j.cli;

import io.m3j.models.EncoderShape;
import io.m3j.models.RandomCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code m3j generate-checkpoint}: a random-weight model folder in bge-m3 shapes (F32 safetensors,
 * a small XLM-R tokenizer, bge-m3's sentence-transformers modules and heads), for benchmarks and
 * memory measurements without the real download.
 */
@Command(name = "generate-checkpoint", mixinStandardHelpOptions = true,
        description = "Write a random-weight model folder in bge-m3 shapes (config.json, model.safetensors F32, tokenizer, heads).")
final class GenerateCheckpointCommand implements Callable<Integer> {

    @Option(names = "--shape", required = true, paramLabel = "bge-m3|bge-m3-8l",
            description = "bge-m3 (24 layers, 2.27 GB) or bge-m3-8l (the 8-layer student shape).")
    String shape;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (must not exist or be empty).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Random seed (default: 42).")
    long seed;

    @Option(names = "--no-heads", description = "Leave out the bge-m3 heads (colbert_linear, sparse_linear).")
    boolean noHeads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        EncoderShape s = switch (shape.toLowerCase(Locale.ROOT)) {
            case "bge-m3" -> EncoderShape.BGE_M3;
            case "bge-m3-8l" -> EncoderShape.BGE_M3_STUDENT_8L;
            default -> throw new IllegalArgumentException("--shape '" + shape + "' is not one of bge-m3, bge-m3-8l");
        };
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) throw new IllegalArgumentException(out + " exists and is not a folder");
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) throw new IllegalArgumentException(out + " is not empty");
            }
        }
        RandomCheckpoint.writeModelFolder(s, out, seed, !noHeads);
        spec.commandLine().getOut().printf("m3j: wrote %s (%s, %.2f GB of F32 weights)%n", out, shape,
                Files.size(out.resolve("model.safetensors")) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
