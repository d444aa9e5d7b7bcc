package io.m3j.distill.staticmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.distill.TestModels;
import io.m3j.engine.io.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.m3j.distill.TestModels.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixture's model2vec model rewritten in the other layouts we must read: sentence-transformers'
 * StaticEmbedding module folder, and model2vec's vocabulary-quantized form (embeddings + weights +
 * mapping). Both must encode to model2vec's expected embeddings.
 */
class StaticModelLayoutTest {
    private static final JsonNode EXPECTED = TestModels.json("/fixtures/model2vec/expected.json");
    private static final Path FIXTURE = TestModels.resource("/fixtures/model2vec/model");
    @TempDir
    Path tmp;

    @Test
    void sentenceTransformersStaticEmbeddingLayout() throws Exception {
        StaticModel reference = StaticModel.load(FIXTURE);
        Path dir = tmp.resolve("st");
        Path module = dir.resolve("0_StaticEmbedding");
        Files.createDirectories(module);
        Files.copy(FIXTURE.resolve("tokenizer.json"), module.resolve("tokenizer.json"));
        writeTable(module.resolve("model.safetensors"), "embedding.weight", reference, null, null);
        Files.writeString(dir.resolve("modules.json"), """
                [{"idx": 0, "name": "0", "path": "0_StaticEmbedding", "type": "sentence_transformers.models.StaticEmbedding"},
                 {"idx": 1, "name": "1", "path": "1_Normalize", "type": "sentence_transformers.models.Normalize"}]""");
        Files.writeString(dir.resolve("config_sentence_transformers.json"), "{}");
        assertTrue(StaticModel.isStaticModel(dir));
        StaticModel st = StaticModel.load(dir);
        assertTrue(st.normalize());
        assertMatchesExpected(st);
    }

    @Test
    void vocabularyQuantizedLayoutWithWeightsAndMapping() throws Exception {
        StaticModel reference = StaticModel.load(FIXTURE);
        int rows = reference.rows();
        Random random = new Random(3);
        int[] mapping = new int[rows];
        for (int i = 0; i < rows; i++) mapping[i] = i;
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = mapping[i];
            mapping[i] = mapping[j];
            mapping[j] = t;
        }
        float[] weights = new float[rows];
        for (int i = 0; i < rows; i++) weights[i] = 0.5f + random.nextInt(4) * 0.5f;
        Path dir = tmp.resolve("quantized");
        Files.createDirectories(dir);
        Files.copy(FIXTURE.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(FIXTURE.resolve("config.json"), dir.resolve("config.json"));
        writeTable(dir.resolve("model.safetensors"), "embeddings", reference, mapping, weights);
        StaticModel q = StaticModel.load(dir);
        assertEquals(rows, q.rows());
        assertMatchesExpected(q);
    }

    @Test
    void rejectsFoldersThatAreNotStaticModels() throws Exception {
        assertFalse(StaticModel.isStaticModel(TestModels.resource("/fixtures/bert")));
        assertThrows(RuntimeException.class, () -> StaticModel.load(TestModels.resource("/fixtures/bert")));
        Path dir = tmp.resolve("mismatch");
        Files.createDirectories(dir);
        Files.copy(FIXTURE.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(FIXTURE.resolve("config.json"), dir.resolve("config.json"));
        new SafetensorsWriter().add("embeddings", "F32", 10, 4).write(dir.resolve("model.safetensors"), (n, o, out) -> {
            while (out.hasRemaining()) out.putFloat(0);
        });
        RuntimeException e = assertThrows(RuntimeException.class, () -> StaticModel.load(dir));
        assertTrue(e.getMessage().contains("29525") && e.getMessage().contains("10"), e.getMessage());
    }

    /** Writes the reference table; with a mapping, row mapping[i] holds token i's row divided by weights[i]. */
    private static void writeTable(Path file, String name, StaticModel reference, int[] mapping, float[] weights) {
        int rows = reference.rows(), dim = reference.dimension();
        float[] table = new float[rows * dim];
        for (int i = 0; i < rows; i++) {
            float[] row = reference.row(i);
            int at = mapping == null ? i : mapping[i];
            for (int c = 0; c < dim; c++) table[at * dim + c] = weights == null ? row[c] : row[c] / weights[i];
        }
        SafetensorsWriter w = new SafetensorsWriter().add(name, "F32", rows, dim);
        if (weights != null) w.add("weights", "F32", rows).add("mapping", "I64", rows);
        w.write(file, (tensor, offset, out) -> {
            switch (tensor) {
                case "weights" -> {
                    for (int i = (int) (offset / 4); out.hasRemaining(); i++) out.putFloat(weights[i]);
                }
                case "mapping" -> {
                    for (int i = (int) (offset / 8); out.hasRemaining(); i++) out.putLong(mapping[i]);
                }
                default -> {
                    for (int i = (int) (offset / 4); out.hasRemaining(); i++) out.putFloat(table[i]);
                }
            }
        });
    }

    private static void assertMatchesExpected(StaticModel model) {
        List<String> texts = TestModels.strings(EXPECTED.get("texts"));
        List<float[]> got = model.encode(texts);
        double worst = 1;
        for (int i = 0; i < texts.size(); i++) worst = Math.min(worst, TestModels.cosine(floats(EXPECTED.get("embeddings").get(i)), got.get(i)));
        assertTrue(worst >= 0.99999, "worst cosine " + worst);
    }
}
