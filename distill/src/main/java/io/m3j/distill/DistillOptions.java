package io.m3j.distill;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What {@link StaticDistiller#distill(DistillOptions)} does; the CLI contract
 * {@code m3j distill --teacher PATH --out DIR [--pca-dims N|auto|none|0.x] [--sif-coefficient A|none]
 * [--vocabulary FILE] [--quantize float16|float32|int8] [--pooling mean|first|last]} maps onto it.
 *
 * @param teacher        a model folder m3j loads (config.json, weights, tokenizer.json)
 * @param out            the folder to write the static model to (created if needed)
 * @param pcaDims        PCA components to keep (model2vec's default 256)
 * @param sifCoefficient the SIF coefficient a, or empty for no weighting (default 1e-4)
 * @param vocabulary     custom words to add to the teacher's vocabulary (default none)
 * @param removePattern  a regex; teacher tokens it matches at their start are dropped (default
 *                       {@code \[unused\d+\]}); null keeps every token
 * @param quantization   the stored element type (default float16)
 * @param pooling        how each token's teacher hidden states are pooled (default mean)
 * @param progress       where the progress line goes (default System.err), or null for none
 */
public record DistillOptions(Path teacher, Path out, PcaDims pcaDims, OptionalDouble sifCoefficient, List<String> vocabulary,
                             String removePattern, Quantization quantization, TokenPooling pooling, PrintStream progress) {

    public static final int DEFAULT_PCA_DIMS = 256;

    public DistillOptions {
        vocabulary = List.copyOf(vocabulary);
        sifCoefficient.ifPresent(a -> {
            if (!(a > 0 && a < 1)) throw new IllegalArgumentException("SIF coefficient must be in (0, 1), got " + a);
        });
    }

    /** model2vec's defaults: 256 PCA dims, SIF 1e-4, no custom words, {@code \[unused\d+\]} removed, float16, mean pooling. */
    public static DistillOptions defaults(Path teacher, Path out) {
        return new DistillOptions(teacher, out, new PcaDims.Count(DEFAULT_PCA_DIMS), OptionalDouble.of(SifWeights.DEFAULT_COEFFICIENT),
                List.of(), io.m3j.distill.vocab.StaticVocabulary.DEFAULT_REMOVE_PATTERN, Quantization.FLOAT16, TokenPooling.MEAN, System.err);
    }

    public DistillOptions withPcaDims(PcaDims dims) {
        return new DistillOptions(teacher, out, dims, sifCoefficient, vocabulary, removePattern, quantization, pooling, progress);
    }

    public DistillOptions withSifCoefficient(OptionalDouble a) {
        return new DistillOptions(teacher, out, pcaDims, a, vocabulary, removePattern, quantization, pooling, progress);
    }

    public DistillOptions withVocabulary(List<String> words) {
        return new DistillOptions(teacher, out, pcaDims, sifCoefficient, words, removePattern, quantization, pooling, progress);
    }

    public DistillOptions withRemovePattern(String pattern) {
        return new DistillOptions(teacher, out, pcaDims, sifCoefficient, vocabulary, pattern, quantization, pooling, progress);
    }

    public DistillOptions withQuantization(Quantization q) {
        return new DistillOptions(teacher, out, pcaDims, sifCoefficient, vocabulary, removePattern, q, pooling, progress);
    }

    public DistillOptions withPooling(TokenPooling p) {
        return new DistillOptions(teacher, out, pcaDims, sifCoefficient, vocabulary, removePattern, quantization, p, progress);
    }

    public DistillOptions withProgress(PrintStream stream) {
        return new DistillOptions(teacher, out, pcaDims, sifCoefficient, vocabulary, removePattern, quantization, pooling, stream);
    }

    /**
     * Reads the CLI's {@code --vocabulary FILE}: one word per line (UTF-8), surrounding whitespace
     * stripped, blank lines skipped.
     */
    public static List<String> readVocabulary(Path file) {
        try {
            List<String> words = new java.util.ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                String w = line.strip();
                if (!w.isEmpty()) words.add(w);
            }
            return words;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading vocabulary file " + file, e);
        }
    }

    /** Parses the CLI's {@code --sif-coefficient}: a number in (0, 1) or {@code none}. */
    public static OptionalDouble parseSifCoefficient(String text) {
        if (text.trim().equalsIgnoreCase("none")) return OptionalDouble.empty();
        try {
            return OptionalDouble.of(Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sif coefficient '" + text + "' is not a number in (0, 1) or none", e);
        }
    }
}
