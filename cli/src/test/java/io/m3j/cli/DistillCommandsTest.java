package io.m3j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.models.EncoderShape;
import io.m3j.models.RandomCheckpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** distill, prune and evaluate end to end on a small random-weight XLM-R teacher. */
class DistillCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path teacher;
    static Path sentences;

    @BeforeAll
    static void teacher() throws IOException {
        teacher = dir.resolve("teacher");
        RandomCheckpoint.write(new EncoderShape("xlm-roberta", 8002, 32, 4, 4, 64, 130, 1, 1, 1e-5), teacher, 7);
        try (InputStream in = DistillCommandsTest.class.getResourceAsStream("/xlmr/tokenizer.json")) {
            Files.copy(in, teacher.resolve("tokenizer.json"));
        }
        Files.writeString(teacher.resolve("modules.json"), """
                [{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
                 {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"},
                 {"idx":2,"name":"2","path":"2_Normalize","type":"sentence_transformers.models.Normalize"}]""");
        Files.createDirectories(teacher.resolve("1_Pooling"));
        Files.writeString(teacher.resolve("1_Pooling/config.json"),
                "{\"word_embedding_dimension\":32,\"pooling_mode_mean_tokens\":true}");
        Files.createDirectories(teacher.resolve("2_Normalize"));
        Files.writeString(teacher.resolve("2_Normalize/config.json"), "{}");
        List<String> texts = new ArrayList<>();
        String[] words = {"the", "model", "embeds", "text", "quickly", "in", "Java", "und", "auch", "multilingual", "phrases", "ok"};
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 3 + i % 7; w++) sb.append(words[(i * 5 + w * 3) % words.length]).append(' ');
            texts.add(sb.toString().trim());
        }
        sentences = dir.resolve("sentences.json");
        Files.writeString(sentences, JSON.writeValueAsString(texts));
    }

    private static JsonNode run(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, err.toString());
        return JSON.readTree(out.toString());
    }

    @Test
    void pruneThenEvaluate() throws IOException {
        Path copy = dir.resolve("copy");
        JsonNode p = run("prune", "--teacher", teacher.toString(), "--layers", "0,1,2,3", "--out", copy.toString());
        assertEquals(4, p.get("teacher_layers").asInt());
        JsonNode same = run("evaluate", "--teacher", teacher.toString(), "--student", copy.toString(),
                "--input", sentences.toString());
        assertEquals(0.0, same.get("negative_mse").asDouble(), 1e-9, "an identical student has no error");
        assertEquals(1.0, same.get("pearson_cosine").asDouble(), 1e-9);
        assertEquals(1.0, same.get("spearman_cosine").asDouble(), 1e-9);

        Path half = dir.resolve("half");
        p = run("prune", "--teacher", teacher.toString(), "--keep", "2", "--out", half.toString());
        assertEquals(2, p.get("kept_layers").size());
        assertEquals(2, JSON.readTree(half.resolve("config.json").toFile()).get("num_hidden_layers").asInt());
        JsonNode m = run("evaluate", "--teacher", teacher.toString(), "--student", half.toString(),
                "--input", sentences.toString());
        assertTrue(m.get("negative_mse").asDouble() < 0, m.toString());
        double pearson = m.get("pearson_cosine").asDouble();
        assertTrue(pearson > -1 && pearson < 1, m.toString());
    }

    @Test
    void distillWritesAStaticModel() throws IOException {
        Path out = dir.resolve("static");
        JsonNode r = run("distill", "--teacher", teacher.toString(), "--out", out.toString(), "--pca-dims", "8",
                "--quantize", "float32");
        assertEquals(8, r.get("dimensions").asInt());
        assertTrue(r.get("vocabulary").asInt() > 7000, r.toString());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("tokenizer.json")));
        assertTrue(Files.isRegularFile(out.resolve("config.json")));

        // m3j embed works on the static model: one dense vector per text, in order.
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout), new PrintWriter(stderr),
                "embed", "--model", out.toString(), "the model embeds text", "", "und auch");
        assertEquals(0, code, stderr.toString());
        String[] lines = stdout.toString().split("\n");
        assertEquals(3, lines.length);
        for (int i = 0; i < 3; i++) {
            JsonNode dense = JSON.readTree(lines[i]).get("dense");
            assertEquals(8, dense.size());
            double norm = 0;
            for (JsonNode v : dense) norm += v.asDouble() * v.asDouble();
            // model2vec normalizes; the empty text is the zero vector.
            assertEquals(i == 1 ? 0.0 : 1.0, Math.sqrt(norm), 1e-5, lines[i]);
        }
        stderr = new StringWriter();
        code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(stderr),
                "embed", "--model", out.toString(), "--output", "sparse", "text");
        assertEquals(1, code);
        assertTrue(stderr.toString().contains("static model"), stderr.toString());
    }

    @Test
    void usageErrors() {
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "prune", "--teacher", teacher.toString(), "--out", dir.resolve("x").toString()));
        assertEquals(2, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "prune", "--teacher", teacher.toString(), "--out", dir.resolve("x").toString(), "--keep", "2", "--layers", "0"));
        assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "distill", "--teacher", dir.resolve("missing").toString(), "--out", dir.resolve("y").toString()));
    }
}
