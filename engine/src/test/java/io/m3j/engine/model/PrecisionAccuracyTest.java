package io.m3j.engine.model;

import io.m3j.engine.EncoderModel;
import io.m3j.engine.Fixtures;
import io.m3j.engine.config.PoolingConfig;
import io.m3j.engine.config.PoolingMode;
import io.m3j.engine.io.OnnxModelFile;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.tokenizer.Tokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BF16 and INT8 weights against FP32 on the real all-MiniLM-L6-v2 and bge-small-en-v1.5 ONNX
 * models: 256 generated English sentences (tokenized with each model's own tokenizer.json), the
 * sentence embeddings' cosine must be >= 0.999 (BF16) and >= 0.99 (INT8) for every sentence.
 */
class PrecisionAccuracyTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json", 6, PoolingMode.MEAN, Precision.BF16, 0.999),
                Arguments.of("/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json", 6, PoolingMode.MEAN, Precision.INT8, 0.99),
                Arguments.of("/bge-small-en-v1.5.onnx", "/bge-small-en-v1.5-tokenizer.json", 12, PoolingMode.CLS, Precision.BF16, 0.999),
                Arguments.of("/bge-small-en-v1.5.onnx", "/bge-small-en-v1.5-tokenizer.json", 12, PoolingMode.CLS, Precision.INT8, 0.99));
    }

    @ParameterizedTest(name = "{0} {4}")
    @MethodSource("cases")
    void sentenceEmbeddingsStayCloseToFp32(String onnx, String tokenizerJson, int layers, PoolingMode mode,
                                            Precision precision, double minCosine) {
        Tokenizer tokenizer = Tokenizer.load(Fixtures.classpathFile(tokenizerJson));
        List<int[]> inputs = new ArrayList<>();
        for (String s : Sentences.generate(256, 7)) inputs.add(tokenizer.encode(s, true, 512).ids());
        PoolingConfig pooling = PoolingConfig.of(mode, true);
        float[][] reference;
        try (EncoderModel fp32 = EncoderModel.of(OnnxRuntimeParityTest.config(layers), pooling,
                OnnxModelFile.open(Fixtures.classpathFile(onnx)), Kernels.get())) {
            reference = fp32.embed(inputs);
        }
        try (EncoderModel model = EncoderModel.of(OnnxRuntimeParityTest.config(layers), pooling,
                OnnxModelFile.open(Fixtures.classpathFile(onnx)), Kernels.get(), precision)) {
            assertEquals(precision, model.precision());
            float[][] embeddings = model.embed(inputs);
            double min = 1, mean = 0;
            for (int i = 0; i < inputs.size(); i++) {
                double c = Fixtures.cosine(embeddings[i], reference[i]);
                min = Math.min(min, c);
                mean += c / inputs.size();
            }
            System.out.printf("precision %s %s: %d sentences, cosine vs FP32 min %.6f mean %.6f%n",
                    precision, onnx, inputs.size(), min, mean);
            assertTrue(min >= minCosine, precision + " " + onnx + ": min cosine " + min + " < " + minCosine);
        }
    }

    /** Varied English sentences from a fixed seed: short and long, questions, numbers, punctuation. */
    static final class Sentences {
        private static final String[] SUBJECTS = {"The committee", "A small dog", "My neighbour's daughter",
                "The new database engine", "Researchers at the university", "This recipe", "The 3rd quarterly report",
                "An old fisherman", "Her startup", "The train to Edinburgh", "Quantum computers", "The city council"};
        private static final String[] VERBS = {"approved", "chased", "rewrote", "indexes", "discovered", "needs",
                "contradicts", "repaired", "acquired", "was delayed by", "might break", "postponed"};
        private static final String[] OBJECTS = {"the budget for next year", "a red ball across the park",
                "her thesis on protein folding", "billions of rows per second", "a new species of frog",
                "two cups of flour and a pinch of salt", "last year's forecast", "his nets before dawn",
                "a competitor for $12 million", "heavy snow near the border", "modern encryption schemes",
                "the vote on bicycle lanes"};
        private static final String[] TAILS = {".", "!", "?", " yesterday.", ", according to officials.",
                " — again.", " because nobody checked the logs.", " (see section 4.2).", ", which surprised everyone.",
                " in 2023.", "; however, the details remain unclear.", " and then went home."};

        static List<String> generate(int count, long seed) {
            Random random = new Random(seed);
            List<String> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                StringBuilder s = new StringBuilder();
                int clauses = 1 + random.nextInt(i % 16 == 0 ? 12 : 3);
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
    }
}
