package io.m3j.distill.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.distill.TestModels;
import io.m3j.distill.metrics.DistillationMetrics;
import io.m3j.engine.EncoderModel;
import io.m3j.engine.io.OnnxModelFile;
import io.m3j.engine.io.SafetensorsFile;
import io.m3j.engine.io.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layer-pruned students of all-MiniLM-L6-v2 (ONNX weights, 6 layers) and their distillation metrics. */
class LayerPrunerTest {
    @TempDir
    static Path tmp;
    private static List<String> sentences;

    @BeforeAll
    static void sentences() {
        JsonNode expected = TestModels.json("/fixtures/model2vec/expected.json");
        List<String> all = TestModels.strings(expected.get("texts"));
        // The 32 English sentences of the bert fixture and 48 gettext lines.
        sentences = new ArrayList<>(all.subList(300, 332));
        sentences.addAll(all.subList(0, 48));
    }

    @Test
    void evenlySpacedLayers() {
        assertArrayEquals(new int[]{0, 3, 6, 9, 12, 15, 18, 21}, LayerPruner.evenlySpaced(24, 8));
        assertArrayEquals(new int[]{0, 2, 4}, LayerPruner.evenlySpaced(6, 3));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5}, LayerPruner.evenlySpaced(6, 6));
        assertArrayEquals(new int[]{0, 3, 6, 9, 12, 15, 18, 21}, LayerPruner.parseLayers("0,3, 6,9,12,15,18,21"));
        assertThrows(IllegalArgumentException.class, () -> LayerPruner.evenlySpaced(6, 7));
        assertThrows(IllegalArgumentException.class, () -> LayerPruner.parseLayers("0,x"));
    }

    @Test
    void rejectsBadLayerLists() {
        Path teacher = TestModels.miniLm();
        assertThrows(IllegalArgumentException.class, () -> LayerPruner.prune(teacher, new int[]{0, 6}, tmp.resolve("bad1")));
        assertThrows(IllegalArgumentException.class, () -> LayerPruner.prune(teacher, new int[]{2, 1}, tmp.resolve("bad2")));
        assertThrows(IllegalArgumentException.class, () -> LayerPruner.prune(teacher, new int[]{}, tmp.resolve("bad3")));
    }

    @Test
    void studentKeepsTheChosenLayersAndEmbeds() throws Exception {
        Path student = tmp.resolve("minilm-3of6");
        LayerPruner.PruneResult result = LayerPruner.prune(TestModels.miniLm(), new int[]{0, 2, 4}, student);
        assertEquals(6, result.teacherLayers());
        JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(student.resolve("config.json").toFile());
        assertEquals(3, config.get("num_hidden_layers").asInt());
        assertEquals(384, config.get("hidden_size").asInt());
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "modules.json",
                "sentence_bert_config.json", "1_Pooling/config.json", "2_Normalize/config.json")) {
            assertTrue(Files.isRegularFile(student.resolve(f)), f);
        }
        assertFalse(Files.exists(student.resolve("model.onnx")));
        try (SafetensorsFile st = SafetensorsFile.open(student.resolve("model.safetensors"));
             OnnxModelFile teacher = OnnxModelFile.open(TestModels.miniLm().resolve("model.onnx"))) {
            assertEquals("pt", st.metadata().get("format"));
            assertNull(st.find("encoder.layer.3.attention.self.query.weight"));
            int[][] pairs = {{0, 0}, {1, 2}, {2, 4}};
            for (int[] p : pairs) {
                for (String suffix : List.of("attention.self.query.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight",
                        "output.dense.bias")) {
                    assertSameValues(teacher.require("encoder.layer." + p[1] + "." + suffix), st.require("encoder.layer." + p[0] + "." + suffix));
                }
            }
            assertSameValues(teacher.require("embeddings.word_embeddings.weight"), st.require("embeddings.word_embeddings.weight"));
        }
        try (EncoderModel model = EncoderModel.load(student)) {
            assertEquals(3, model.config().numLayers());
        }
        DistillationMetrics.Metrics m = DistillationMetrics.evaluate(TestModels.miniLm(), student, sentences, null);
        System.out.println("all-MiniLM-L6-v2, student with layers 0,2,4 (" + sentences.size() + " sentences, consecutive pairs): " + m.toJson());
        assertEquals(sentences.size(), m.sentences());
        assertEquals(sentences.size() - 1, m.pairs());
        // Unit vectors differ by at most 4 in squared norm: -100 * 4 / 384 is the floor.
        assertTrue(m.negativeMse() < 0 && m.negativeMse() > -100.0 * 4 / 384, "negative_mse " + m.negativeMse());
        assertTrue(m.pearsonCosine() > 0.3 && m.pearsonCosine() < 1, "pearson " + m.pearsonCosine());
        assertTrue(m.spearmanCosine() > 0.3 && m.spearmanCosine() < 1, "spearman " + m.spearmanCosine());
    }

    @Test
    void identicalStudentScoresPerfectly() {
        Path student = tmp.resolve("minilm-all");
        LayerPruner.PruneResult result = LayerPruner.pruneEvenly(TestModels.miniLm(), 6, student);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5}, result.keptLayers());
        List<String[]> pairs = List.of(new String[]{sentences.get(0), sentences.get(1)}, new String[]{sentences.get(2), sentences.get(5)},
                new String[]{sentences.get(7), sentences.get(3)}, new String[]{sentences.get(40), sentences.get(41)});
        DistillationMetrics.Metrics m = DistillationMetrics.evaluate(TestModels.miniLm(), student, sentences, pairs);
        System.out.println("all-MiniLM-L6-v2 vs its 6-of-6 copy (safetensors): " + m.toJson());
        assertEquals(0.0, m.negativeMse(), 0.0);
        assertEquals(1.0, m.pearsonCosine(), 1e-12);
        assertEquals(1.0, m.spearmanCosine(), 1e-12);
        assertEquals(4, m.pairs());
    }

    private static void assertSameValues(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), expected.name());
        assertArrayEquals(expected.data().toArray(ValueLayout.JAVA_BYTE), actual.data().toArray(ValueLayout.JAVA_BYTE), expected.name());
    }
}
