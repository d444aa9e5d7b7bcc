package io.m3j.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.engine.EncoderModel;
import io.m3j.engine.Fixtures;
import io.m3j.engine.config.WeightFormat;
import io.m3j.engine.kernel.KernelSelector;
import io.m3j.engine.kernel.Kernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiny random XLM-R in the bge-m3 layout (fixtures/xlmr, expected values from HF transformers
 * and FlagEmbedding's formulas) from each weight format and with each kernel implementation.
 * Tolerances are those of the fixture MANIFEST.
 */
class XlmrFixtureTest {
    private static final double HIDDEN_TOL = 1e-4, VECTOR_TOL = 1e-5, SPARSE_TOL = 1e-4, SCORE_TOL = 1e-5;

    private static JsonNode expected;
    private static Path folder;
    private static final Map<String, String> REPORT = new java.util.TreeMap<>();

    @BeforeAll
    static void readFixture() {
        expected = Fixtures.json("/fixtures/xlmr/expected.json");
        folder = Fixtures.path("/fixtures/xlmr/model");
    }

    @AfterAll
    static void report() {
        REPORT.forEach((k, v) -> System.out.println("xlmr parity " + k + ": " + v));
    }

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (WeightFormat f : WeightFormat.values()) {
            out.add(Arguments.of(f, "panama"));
        }
        out.add(Arguments.of(WeightFormat.SAFETENSORS, "scalar"));
        return out.stream();
    }

    private static Kernels kernels(String name) {
        return name.equals("scalar") ? KernelSelector.scalar() : KernelSelector.panama();
    }

    private static List<int[]> sampleIds() {
        List<int[]> ids = new ArrayList<>();
        for (JsonNode s : expected.get("samples")) ids.add(ints(s.get("input_ids")));
        return ids;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void matchesTransformersAndFlagEmbedding(WeightFormat format, String kernelName) {
        try (EncoderModel model = EncoderModel.load(folder, format, kernels(kernelName))) {
            assertTrue(model.hasM3Heads());
            List<int[]> ids = sampleIds();
            List<float[][]> hidden = model.lastHiddenStates(ids);
            List<M3Output> m3 = model.encodeM3(ids);
            float[][] embeddings = model.embed(ids);
            double hiddenDiff = 0, denseDiff = 0, colbertDiff = 0, sparseDiff = 0;
            for (int i = 0; i < ids.size(); i++) {
                JsonNode s = expected.get("samples").get(i);
                if (s.path("long").asBoolean(false)) {
                    int t = s.get("num_tokens").asInt();
                    assertEquals(882, t);
                    JsonNode rows = s.get("last_hidden_state_rows");
                    for (int r : new int[] {0, 1, t - 1}) {
                        hiddenDiff = Math.max(hiddenDiff, maxAbsDiff(hidden.get(i)[r], floats(rows.get(String.valueOf(r)))));
                    }
                    JsonNode cRows = s.get("colbert_rows");
                    assertEquals(s.get("colbert_num_rows").asInt(), m3.get(i).colbert().length);
                    for (int r : new int[] {0, 1, t - 2}) {
                        colbertDiff = Math.max(colbertDiff, maxAbsDiff(m3.get(i).colbert()[r], floats(cRows.get(String.valueOf(r)))));
                    }
                } else {
                    hiddenDiff = Math.max(hiddenDiff, maxAbsDiff(hidden.get(i), matrix(s.get("last_hidden_state"))));
                    colbertDiff = Math.max(colbertDiff, maxAbsDiff(m3.get(i).colbert(), matrix(s.get("colbert"))));
                }
                float[] dense = floats(s.get("dense"));
                denseDiff = Math.max(denseDiff, maxAbsDiff(m3.get(i).dense(), dense));
                // the folder's sentence-transformers modules (CLS pooling + Normalize) give the same vector
                denseDiff = Math.max(denseDiff, maxAbsDiff(embeddings[i], dense));
                sparseDiff = Math.max(sparseDiff, sparseDiff(m3.get(i).sparse(), s.get("sparse"), "sample " + i));
            }
            String key = format + "/" + kernelName;
            REPORT.put(key, String.format("hidden %.2e, dense %.2e, colbert %.2e, sparse %.2e", hiddenDiff, denseDiff, colbertDiff, sparseDiff));
            assertTrue(hiddenDiff <= HIDDEN_TOL, "last_hidden_state max |diff| " + hiddenDiff);
            assertTrue(denseDiff <= VECTOR_TOL, "dense max |diff| " + denseDiff);
            assertTrue(colbertDiff <= VECTOR_TOL, "colbert max |diff| " + colbertDiff);
            assertTrue(sparseDiff <= SPARSE_TOL, "sparse max |diff| " + sparseDiff);

            double scoreDiff = 0, lexicalRel = 0;
            for (JsonNode pair : expected.get("pair_scores")) {
                M3Output q = m3.get(pair.get("query").asInt());
                M3Output p = m3.get(pair.get("passage").asInt());
                assertEquals(pair.get("dense").asDouble(), M3Scores.dense(q.dense(), p.dense()), SCORE_TOL);
                assertEquals(pair.get("colbert").asDouble(), M3Scores.colbert(q.colbert(), p.colbert()), SCORE_TOL);
                double lexical = pair.get("sparse").asDouble();
                assertEquals(lexical, M3Scores.sparse(q.sparse(), p.sparse()), 1e-4 * Math.abs(lexical));
                scoreDiff = Math.max(scoreDiff, Math.abs(pair.get("dense").asDouble() - M3Scores.dense(q.dense(), p.dense())));
                scoreDiff = Math.max(scoreDiff, Math.abs(pair.get("colbert").asDouble() - M3Scores.colbert(q.colbert(), p.colbert())));
                lexicalRel = Math.max(lexicalRel, Math.abs(lexical - M3Scores.sparse(q.sparse(), p.sparse())) / Math.abs(lexical));
            }
            REPORT.merge(key, String.format(", dense/colbert scores %.2e, lexical score rel %.2e", scoreDiff, lexicalRel), String::concat);

            checkBatches(model, ids);
        }
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

    /** The fixture's padded batches: our batched results equal our single-input results exactly, and match the reference. */
    private static void checkBatches(EncoderModel model, List<int[]> sampleIds) {
        for (JsonNode batch : expected.get("batches")) {
            int[] indices = ints(batch.get("indices"));
            List<int[]> inputs = new ArrayList<>();
            for (int b = 0; b < indices.length; b++) {
                int[] padded = ints(batch.get("input_ids").get(b));
                int[] mask = ints(batch.get("attention_mask").get(b));
                int len = 0;
                while (len < mask.length && mask[len] == 1) len++;
                int[] ids = java.util.Arrays.copyOf(padded, len);
                assertArrayEquals(sampleIds.get(indices[b]), ids);
                inputs.add(ids);
            }
            List<M3Output> batched = model.encodeM3(inputs);
            List<float[][]> batchedHidden = model.lastHiddenStates(inputs);
            float[][] denseBatched = matrix(batch.get("dense_batched"));
            for (int b = 0; b < indices.length; b++) {
                M3Output single = model.encodeM3(List.of(inputs.get(b))).getFirst();
                assertArrayEquals(single.dense(), batched.get(b).dense(), "batched vs single dense, sample " + indices[b]);
                assertArrayEquals(single.sparse().weights(), batched.get(b).sparse().weights());
                for (int r = 0; r < single.colbert().length; r++) assertArrayEquals(single.colbert()[r], batched.get(b).colbert()[r]);
                assertTrue(maxAbsDiff(batched.get(b).dense(), denseBatched[b]) <= VECTOR_TOL);
            }
            if (batch.has("last_hidden_state_nonpad")) {
                for (int b = 0; b < indices.length; b++) {
                    assertTrue(maxAbsDiff(batchedHidden.get(b), matrix(batch.get("last_hidden_state_nonpad").get(b))) <= HIDDEN_TOL);
                    assertTrue(maxAbsDiff(batched.get(b).colbert(), matrix(batch.get("colbert_batched").get(b))) <= VECTOR_TOL);
                    assertTrue(sparseDiff(batched.get(b).sparse(), batch.get("sparse_batched").get(b), "batched " + b) <= SPARSE_TOL);
                }
            }
        }
    }
}
