package io.m3j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Texts and classpath files shared by the benchmarks: deterministic for a seed, so every engine sees the same input. */
final class BenchTexts {
    private static final String[] SUBJECTS = {"The committee", "A small dog", "My neighbour's daughter",
            "The new database engine", "Researchers at the university", "This recipe", "The 3rd quarterly report",
            "An old fisherman", "Her startup", "The train to Edinburgh", "Quantum computers", "The city council",
            "Der Ausschuss", "La nouvelle bibliothèque", "El equipo de investigación", "東京の研究者たち", "Новый поезд"};
    private static final String[] VERBS = {"approved", "chased", "rewrote", "indexes", "discovered", "needs",
            "contradicts", "repaired", "acquired", "was delayed by", "might break", "postponed", "hat genehmigt",
            "a découvert", "reparó"};
    private static final String[] OBJECTS = {"the budget for next year", "a red ball across the park",
            "her thesis on protein folding", "billions of rows per second", "a new species of frog",
            "two cups of flour and a pinch of salt", "last year's forecast", "his nets before dawn",
            "a competitor for $12 million", "heavy snow near the border", "modern encryption schemes",
            "the vote on bicycle lanes", "das neue Gesetz", "une espèce inconnue", "新しいアルゴリズム"};
    private static final String[] TAILS = {".", "!", "?", " yesterday.", ", according to officials.",
            " — again.", " because nobody checked the logs.", " (see section 4.2).", ", which surprised everyone.",
            " in 2023.", "; however, the details remain unclear.", " and then went home."};

    private BenchTexts() {
    }

    /** {@code count} sentences of one to three clauses (about 8 to 40 words). */
    static List<String> sentences(int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder();
            int clauses = 1 + random.nextInt(3);
            for (int c = 0; c < clauses; c++) {
                if (c > 0) s.append(' ');
                s.append(pick(random, SUBJECTS)).append(' ').append(pick(random, VERBS)).append(' ')
                        .append(pick(random, OBJECTS)).append(pick(random, TAILS));
            }
            out.add(s.toString());
        }
        return out;
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    /** A classpath resource (possibly inside a jar) copied to a temporary file, for loaders that take a path. */
    static Path classpathFile(String resource) {
        try (InputStream in = BenchTexts.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("classpath resource " + resource + " not found");
            String name = resource.substring(resource.lastIndexOf('/') + 1);
            Path file = Files.createTempDirectory("m3j-bench").resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + resource, e);
        }
    }
}
