package io.m3j.distill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.distill.staticmodel.StaticModel;
import io.m3j.engine.io.DType;
import io.m3j.engine.io.SafetensorsFile;
import io.m3j.engine.io.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public entry point end to end on tiny random teachers with real tokenizers (the BERT WordPiece
 * of all-MiniLM-L6-v2 and an XLM-R Unigram): the folder written, the options honoured, and what
 * loads back.
 */
class StaticDistillerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;

    private static Path bertTeacher() {
        Path dir = tmp.resolve("bert-teacher");
        if (Files.isDirectory(dir)) return dir;
        RandomTeacher.create(dir, "bert", 30522, 0, 512, "/fixtures/bert/tokenizer.json", 7);
        try {
            Files.copy(TestModels.resource("/fixtures/bert/tokenizer_config.json"), dir.resolve("tokenizer_config.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    @Test
    void writesAModel2vecFolderThatLoadsBack() throws Exception {
        Path out = tmp.resolve("static-f16");
        DistillResult result = StaticDistiller.distill(DistillOptions.defaults(bertTeacher(), out)
                .withPcaDims(new PcaDims.Count(16)).withProgress(null));
        assertEquals(29525, result.vocabularySize());
        assertEquals(16, result.dimensions());
        assertTrue(result.explainedVarianceRatio() > 0 && result.explainedVarianceRatio() < 1);
        for (String f : List.of("model.safetensors", "tokenizer.json", "config.json", "modules.json")) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertEquals("model2vec", config.get("model_type").asText());
        assertEquals(16, config.get("apply_pca").asInt());
        assertEquals(1e-4, config.get("sif_coefficient").asDouble());
        assertEquals(16, config.get("hidden_dim").asInt());
        assertTrue(config.get("normalize").asBoolean());
        assertEquals("float16", config.get("embedding_dtype").asText());
        JsonNode modules = JSON.readTree(out.resolve("modules.json").toFile());
        assertEquals("sentence_transformers.models.StaticEmbedding", modules.get(0).get("type").asText());
        assertEquals(".", modules.get(0).get("path").asText());
        assertEquals("sentence_transformers.models.Normalize", modules.get(1).get("type").asText());
        try (SafetensorsFile st = SafetensorsFile.open(out.resolve("model.safetensors"))) {
            Tensor e = st.require("embeddings");
            assertEquals(DType.F16, e.dtype());
            assertArrayEquals(new int[]{29525, 16}, e.shape());
        }
        StaticModel loaded = StaticModel.load(out);
        for (int r : new int[]{0, 1, 500, 29524}) assertArrayEquals(result.model().row(r), loaded.row(r), "row " + r);
        assertTrue(loaded.tokenizerJson().get("post_processor").isNull());
        float[] v = loaded.encode("a sentence to embed");
        double norm = 0;
        for (float x : v) norm += x * x;
        assertEquals(1.0, norm, 1e-5);
        // PCA output is centred: the SIF-weighted column means are small next to the values.
        assertTrue(Math.abs(loaded.row(20000)[0]) > 0);
    }

    @Test
    void optionsChangeWhatIsWritten() throws Exception {
        Path f32 = tmp.resolve("static-none-f32");
        DistillResult plain = StaticDistiller.distill(DistillOptions.defaults(bertTeacher(), f32).withPcaDims(new PcaDims.None())
                .withSifCoefficient(OptionalDouble.empty()).withQuantization(Quantization.FLOAT32).withPooling(TokenPooling.FIRST)
                .withProgress(null));
        assertEquals(32, plain.dimensions());
        assertEquals(null, plain.pca());
        JsonNode config = JSON.readTree(f32.resolve("config.json").toFile());
        assertTrue(config.get("apply_pca").isNull());
        assertTrue(config.get("sif_coefficient").isNull());
        assertEquals("first", config.get("pooling").asText());

        Path int8 = tmp.resolve("static-none-int8");
        DistillResult quantized = StaticDistiller.distill(DistillOptions.defaults(bertTeacher(), int8).withPcaDims(new PcaDims.None())
                .withSifCoefficient(OptionalDouble.empty()).withQuantization(Quantization.INT8).withPooling(TokenPooling.FIRST)
                .withProgress(null));
        try (SafetensorsFile st = SafetensorsFile.open(int8.resolve("model.safetensors"))) {
            assertEquals(DType.I8, st.require("embeddings").dtype());
        }
        // int8 codes are round(x * 127 / max|x|) of the float32 values.
        StaticModel a = StaticModel.load(f32), b = StaticModel.load(int8);
        double max = 0;
        for (int r = 0; r < a.rows(); r++) for (float x : a.row(r)) max = Math.max(max, Math.abs(x));
        for (int r : new int[]{0, 7, 12345}) {
            float[] x = a.row(r), q = b.row(r);
            for (int c = 0; c < x.length; c++) assertEquals(Math.rint(x[c] * 127 / max), q[c], 1.0, "row " + r);
        }
        assertArrayEquals(quantized.model().row(7), b.row(7));
        String text = "the quick brown fox";
        assertTrue(TestModels.cosine(a.encode(text), b.encode(text)) > 0.99);
    }

    @Test
    void customVocabularyFileAddsWords() throws Exception {
        Path words = tmp.resolve("words.txt");
        Files.writeString(words, "Tokenization\n\n  hello  \nNew York\r\n");
        assertEquals(List.of("Tokenization", "hello", "New York"), DistillOptions.readVocabulary(words));
        Path out = tmp.resolve("static-custom");
        DistillResult result = StaticDistiller.distill(DistillOptions.defaults(bertTeacher(), out).withPcaDims(new PcaDims.Count(8))
                .withVocabulary(DistillOptions.readVocabulary(words)).withProgress(null));
        assertEquals(29525 + 2, result.vocabularySize());
        StaticModel model = StaticModel.load(out);
        assertEquals(List.of(29525 + 1, 29525), java.util.Arrays.stream(model.tokenize(List.of("new york tokenization"), 0).getFirst())
                .boxed().toList().subList(0, 2));
    }

    @Test
    void unigramTeacherKeepsPadAndUnkAndDropsOtherSpecials() throws Exception {
        Path teacher = RandomTeacher.create(tmp.resolve("xlmr-teacher"), "xlm-roberta", 8002, 1, 514, "/fixtures/xlmr/tokenizer.json", 11);
        Path out = tmp.resolve("static-xlmr");
        DistillResult result = StaticDistiller.distill(DistillOptions.defaults(teacher, out).withPcaDims(new PcaDims.Fraction(0.9))
                .withQuantization(Quantization.FLOAT32).withProgress(null));
        assertEquals(8002 - 3, result.vocabularySize());
        assertTrue(result.explainedVarianceRatio() > 0.9);
        assertTrue(result.dimensions() < 32);
        JsonNode tok = JSON.readTree(out.resolve("tokenizer.json").toFile());
        assertEquals("<pad>", tok.get("model").get("vocab").get(0).get(0).asText());
        assertEquals("<unk>", tok.get("model").get("vocab").get(1).get(0).asText());
        assertEquals(1, tok.get("model").get("unk_id").asInt());
        assertEquals(2, tok.get("added_tokens").size());
        StaticModel model = StaticModel.load(out);
        assertEquals(8002 - 3, model.vocabularySize());
        assertEquals(-1, model.unkId());
        List<int[]> ids = model.tokenize(List.of("Hello world"), 512);
        assertTrue(ids.getFirst().length > 0);
        assertEquals(result.dimensions(), model.encode("Hello world").length);
    }
}
