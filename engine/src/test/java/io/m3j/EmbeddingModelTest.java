package io.m3j;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.engine.Fixtures;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;
import io.m3j.engine.config.WeightFormat;
import io.m3j.engine.model.M3Output;
import io.m3j.engine.model.SparseVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.m3j.engine.Fixtures.floats;
import static io.m3j.engine.Fixtures.ints;
import static io.m3j.engine.Fixtures.matrix;
import static io.m3j.engine.Fixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text-level API against the reference fixtures: xlmr (bge-m3 layout, expected values from
 * transformers + FlagEmbedding) and bert (all-MiniLM-L6-v2, expected values from sentence-transformers).
 */
class EmbeddingModelTest {
    private static final double HIDDEN_TOL = 1e-4, VECTOR_TOL = 1e-5, SPARSE_TOL = 1e-4, SCORE_TOL = 1e-5;

    @TempDir
    static Path tmp;
    private static Path bertFolder;

    @BeforeAll
    static void bertWithOnnxWeights() throws IOException {
        // The bert fixture ships without weights; its ONNX comes from the test-scope langchain4j jar.
        Path src = Fixtures.path("/fixtures/bert");
        bertFolder = tmp.resolve("bert");
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path to = bertFolder.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        Files.copy(Fixtures.classpathFile("/all-minilm-l6-v2.onnx"), bertFolder.resolve("model.onnx"));
    }

    private static Path xlmr() {
        return Fixtures.path("/fixtures/xlmr/model");
    }

    private static JsonNode xlmrExpected() {
        return Fixtures.json("/fixtures/xlmr/expected.json");
    }

    private static List<String> texts(JsonNode samples) {
        List<String> texts = new ArrayList<>();
        for (JsonNode s : samples) texts.add(s.get("text").asText());
        return texts;
    }

    @Test
    void xlmrFromTextMatchesTransformersAndFlagEmbedding() {
        JsonNode expected = xlmrExpected();
        JsonNode samples = expected.get("samples");
        List<String> texts = texts(samples);
        try (EmbeddingModel m = EmbeddingModel.load(xlmr())) {
            assertTrue(m.hasM3Heads());
            assertEquals(1024, m.maxLength());
            assertEquals(128, m.dimension());
            List<Outputs> all = m.encode(texts, EnumSet.allOf(Output.class));
            float[][] embedded = m.embed(texts);
            List<M3Output> m3 = m.encodeM3(texts);
            double hiddenDiff = 0, denseDiff = 0, colbertDiff = 0, sparseDiff = 0;
            for (int i = 0; i < texts.size(); i++) {
                JsonNode s = samples.get(i);
                assertArrayEquals(ints(s.get("input_ids")), m.tokenize(texts.get(i)), "tokens of sample " + i);
                Outputs o = all.get(i);
                float[] dense = floats(s.get("dense"));
                denseDiff = Math.max(denseDiff, maxAbsDiff(o.dense(), dense));
                denseDiff = Math.max(denseDiff, maxAbsDiff(embedded[i], dense));
                denseDiff = Math.max(denseDiff, maxAbsDiff(m3.get(i).dense(), dense));
                sparseDiff = Math.max(sparseDiff, sparseDiff(o.sparse(), s.get("sparse"), "sample " + i));
                assertArrayEquals(o.sparse().ids(), m3.get(i).sparse().ids());
                if (s.path("long").asBoolean(false)) {
                    int t = s.get("num_tokens").asInt();
                    assertEquals(t, o.hidden().length);
                    assertEquals(s.get("colbert_num_rows").asInt(), o.colbert().length);
                    for (int r : new int[] {0, 1, t - 1}) {
                        hiddenDiff = Math.max(hiddenDiff, maxAbsDiff(o.hidden()[r], floats(s.get("last_hidden_state_rows").get(String.valueOf(r)))));
                    }
                    for (int r : new int[] {0, 1, t - 2}) {
                        colbertDiff = Math.max(colbertDiff, maxAbsDiff(o.colbert()[r], floats(s.get("colbert_rows").get(String.valueOf(r)))));
                    }
                } else {
                    hiddenDiff = Math.max(hiddenDiff, maxAbsDiff(o.hidden(), matrix(s.get("last_hidden_state"))));
                    colbertDiff = Math.max(colbertDiff, maxAbsDiff(o.colbert(), matrix(s.get("colbert"))));
                    colbertDiff = Math.max(colbertDiff, maxAbsDiff(m3.get(i).colbert(), matrix(s.get("colbert"))));
                }
            }
            System.out.printf("EmbeddingModel xlmr from text: %d samples, tokens identical; max |diff| hidden %.2e, dense %.2e, colbert %.2e, sparse %.2e%n",
                    texts.size(), hiddenDiff, denseDiff, colbertDiff, sparseDiff);
            assertTrue(hiddenDiff <= HIDDEN_TOL, "hidden " + hiddenDiff);
            assertTrue(denseDiff <= VECTOR_TOL, "dense " + denseDiff);
            assertTrue(colbertDiff <= VECTOR_TOL, "colbert " + colbertDiff);
            assertTrue(sparseDiff <= SPARSE_TOL, "sparse " + sparseDiff);

            for (JsonNode pair : expected.get("pair_scores")) {
                String q = texts.get(pair.get("query").asInt()), p = texts.get(pair.get("passage").asInt());
                M3Score score = m.scoreM3(q, p);
                assertEquals(pair.get("dense").asDouble(), score.dense(), SCORE_TOL);
                assertEquals(pair.get("colbert").asDouble(), score.colbert(), SCORE_TOL);
                assertEquals(pair.get("sparse").asDouble(), score.sparse(), 1e-4 * pair.get("sparse").asDouble());
                // dense vectors are normalised, so cosine = dot
                assertEquals(pair.get("dense").asDouble(), m.score(q, p), SCORE_TOL);
                double w = (0.4 * score.dense() + 0.2 * score.sparse() + 0.4 * score.colbert());
                assertEquals(w, score.combined(0.4, 0.2, 0.4), 1e-12);
            }
            double[] pairs = m.score(List.of(texts.get(0), texts.get(2)), List.of(texts.get(1), texts.get(3)));
            assertEquals(expected.get("pair_scores").get(0).get("dense").asDouble(), pairs[0], SCORE_TOL);
            assertEquals(expected.get("pair_scores").get(1).get("dense").asDouble(), pairs[1], SCORE_TOL);
        }
    }

    @Test
    void bertSentencesMatchSentenceTransformers() {
        JsonNode expected = Fixtures.json("/fixtures/bert/expected.json");
        List<String> sentences = new ArrayList<>();
        for (JsonNode s : expected.get("sentences")) sentences.add(s.asText());
        try (EmbeddingModel m = EmbeddingModel.load(bertFolder)) {
            assertFalse(m.hasM3Heads());
            assertEquals(256, m.maxLength()); // sentence_bert_config.json max_seq_length
            assertEquals(384, m.dimension());
            float[][] got = m.embed(sentences);
            double diff = 0;
            for (int i = 0; i < sentences.size(); i++) {
                assertArrayEquals(ints(expected.get("input_ids").get(i)), m.tokenize(sentences.get(i)), "tokens of sentence " + i);
                diff = Math.max(diff, maxAbsDiff(got[i], floats(expected.get("embeddings").get(i))));
            }
            System.out.printf("EmbeddingModel bert from text: %d sentences, tokens identical; max |diff| %.2e%n", sentences.size(), diff);
            assertTrue(diff <= 1e-5, "max |diff| " + diff);
            assertArrayEquals(got[3], m.embed(sentences.get(3)));

            UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> m.encodeM3("x"));
            assertTrue(e.getMessage().contains("bge-m3 heads"), e.getMessage());
            e = assertThrows(UnsupportedModelException.class, () -> m.encode(List.of("x"), EnumSet.of(Output.SPARSE)));
            assertTrue(e.getMessage().contains("sparse") && e.getMessage().contains(bertFolder.toString()), e.getMessage());
            Outputs hiddenOnly = m.encode(List.of("x y"), EnumSet.of(Output.HIDDEN)).getFirst();
            assertNull(hiddenOnly.dense());
            assertEquals(4, hiddenOnly.hidden().length); // [CLS] x y [SEP]
        }
    }

    @Test
    void batchSizeThreadsAndOrderDoNotChangeResults() {
        List<String> texts = texts(xlmrExpected().get("samples")).subList(0, 15); // mixed lengths, without the 882-token one
        try (EmbeddingModel reference = EmbeddingModel.load(xlmr());
             EmbeddingModel small = EmbeddingModel.load(xlmr(), EmbeddingOptions.defaults().withBatchSize(2).withThreads(1)
                     .withWeights(WeightFormat.SAFETENSORS))) {
            float[][] expected = reference.embed(texts);
            float[][] got = small.embed(texts);
            for (int i = 0; i < texts.size(); i++) assertArrayEquals(expected[i], got[i], "text " + i);
            List<String> reversed = new ArrayList<>(texts.reversed());
            float[][] back = small.embed(reversed);
            for (int i = 0; i < texts.size(); i++) assertArrayEquals(expected[i], back[texts.size() - 1 - i], "reversed text " + i);
        }
    }

    @Test
    void maxLengthIsTheSmallestOfModelConfigAndOption() {
        String longText = texts(xlmrExpected().get("samples")).get(15);
        try (EmbeddingModel m = EmbeddingModel.load(xlmr(), EmbeddingOptions.defaults().withMaxLength(16))) {
            assertEquals(16, m.maxLength());
            int[] ids = m.tokenize(longText);
            assertEquals(16, ids.length);
            assertEquals(0, ids[0]);
            assertEquals(2, ids[15]); // </s> kept: special tokens count toward the limit
            assertEquals(15, m.encodeM3(longText).colbert().length);
        }
        try (EmbeddingModel m = EmbeddingModel.load(xlmr(), EmbeddingOptions.defaults().withMaxLength(5000))) {
            assertEquals(1024, m.maxLength());
        }
    }

    @Test
    void badFoldersAndClosedModelsFailClearly() throws IOException {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> EmbeddingModel.load(tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("missing") && e.getMessage().contains("not a directory"), e.getMessage());
        Path noTokenizer = tmp.resolve("no-tokenizer");
        Files.createDirectories(noTokenizer);
        Files.copy(xlmr().resolve("config.json"), noTokenizer.resolve("config.json"));
        Files.copy(xlmr().resolve("model.safetensors"), noTokenizer.resolve("model.safetensors"));
        e = assertThrows(ModelFormatException.class, () -> EmbeddingModel.load(noTokenizer));
        assertTrue(e.getMessage().contains("no tokenizer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingOptions.defaults().withThreads(-1));

        EmbeddingModel m = EmbeddingModel.load(xlmr(), EmbeddingOptions.defaults().withThreads(2));
        m.close();
        m.close(); // idempotent
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> m.embed("a"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    /** Same key set (a weight within 1e-6 of zero may flip) and weights within the tolerance. */
    private static double sparseDiff(SparseVector actual, JsonNode expectedWeights, String what) {
        Map<Integer, Float> want = new HashMap<>();
        expectedWeights.properties().forEach(e -> want.put(Integer.parseInt(e.getKey()), (float) e.getValue().asDouble()));
        Map<Integer, Float> got = actual.toMap();
        double diff = 0;
        for (var e : want.entrySet()) {
            Float g = got.get(e.getKey());
            if (g == null) {
                assertTrue(e.getValue() <= 1e-6, what + ": id " + e.getKey() + " missing (expected " + e.getValue() + ")");
                continue;
            }
            diff = Math.max(diff, Math.abs(g - e.getValue()));
        }
        for (var e : got.entrySet()) {
            if (!want.containsKey(e.getKey())) assertTrue(e.getValue() <= 1e-6, what + ": unexpected id " + e.getKey() + " = " + e.getValue());
        }
        return diff;
    }
}
