package io.m3j.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class DefaultModelTest {

    @Test
    void unpacksOnceIntoACompleteSentenceTransformersFolder(@TempDir Path cache) throws IOException {
        assertTrue(DefaultModel.isAvailable(), "the bge-small-en-v1.5 artifact must be a dependency of models");
        Path folder = DefaultModel.folder(cache);
        assertTrue(Files.size(folder.resolve("onnx/model.onnx")) > 100_000_000L);
        JsonNode tokenizer = new ObjectMapper().readTree(folder.resolve("tokenizer.json").toFile());
        assertEquals("WordPiece", tokenizer.get("model").get("type").asText());
        assertEquals(30522, tokenizer.get("model").get("vocab").size());
        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        assertEquals(tokenizer.get("model").get("vocab").size(), config.get("vocab_size").asInt());
        assertTrue(new ObjectMapper().readTree(folder.resolve("1_Pooling/config.json").toFile())
                .get("pooling_mode_cls_token").asBoolean());
        long modified = Files.getLastModifiedTime(folder.resolve("onnx/model.onnx")).toMillis();
        assertEquals(folder, DefaultModel.folder(cache), "second call reuses the unpacked folder");
        assertEquals(modified, Files.getLastModifiedTime(folder.resolve("onnx/model.onnx")).toMillis());
    }

    @Test
    void loadsAsAnEmbeddingModel(@TempDir Path cache) {
        String before = System.getProperty("m3j.cache");
        System.setProperty("m3j.cache", cache.toString());
        try (io.m3j.EmbeddingModel m = DefaultModel.load()) {
            assertEquals(cache.resolve(DefaultModel.NAME + "-1"), m.folder());
            assertEquals(384, m.dimension());
            assertEquals(512, m.maxLength());
            assertFalse(m.hasM3Heads());
            float[] v = m.embed("Hello world!");
            double norm = 0;
            for (float x : v) norm += x * x;
            assertEquals(1.0, norm, 1e-5, "bge-small-en-v1.5 normalises its embeddings");
            assertArrayEquals(new int[] {101, 7592, 2088, 999, 102}, m.tokenize("Hello world!"));
        } finally {
            if (before == null) System.clearProperty("m3j.cache"); else System.setProperty("m3j.cache", before);
        }
    }
}
