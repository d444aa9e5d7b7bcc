package io.m3j.engine;

import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.config.ModelFolder;
import io.m3j.engine.config.PoolingMode;
import io.m3j.engine.config.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderModelTest {
    @TempDir
    Path tmp;

    private static Path xlmr() {
        return Fixtures.path("/fixtures/xlmr/model");
    }

    @Test
    void folderDescribesTheXlmrModel() {
        ModelFolder folder = ModelFolder.of(xlmr());
        assertEquals(List.of(WeightFormat.SAFETENSORS, WeightFormat.PYTORCH, WeightFormat.ONNX), folder.availableFormats());
        assertEquals(List.of(PoolingMode.CLS), folder.pooling().modes());
        assertTrue(folder.pooling().normalize());
        assertEquals(1024, folder.pooling().maxSeqLength());
        assertEquals(xlmr().resolve("tokenizer.json"), folder.tokenizerFile());
        assertArrayEquals(new int[] {0, 2, 1, 3}, folder.sparseExcludedIds());
        EncoderConfig c = folder.config();
        assertEquals(1024, c.maxTokens()); // 1026 positions minus padding_idx + 1
    }

    @Test
    void inputsUpToThePositionLimitWorkAndLongerOnesAreRejected() {
        try (EncoderModel model = EncoderModel.load(xlmr())) {
            int[] longest = new int[1024];
            Arrays.fill(longest, 5);
            longest[0] = 0;
            longest[1023] = 2;
            assertEquals(1024, model.lastHiddenStates(List.of(longest)).getFirst().length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.embed(List.of(new int[] {0, 2}, Arrays.copyOf(longest, 1025))));
            assertTrue(e.getMessage().contains("Input 1 has 1025 tokens") && e.getMessage().contains("at most 1024"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> model.embed(List.of(new int[] {0, 8002, 2})));
            assertTrue(e.getMessage().contains("token id 8002"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.embed(List.of(new int[0])));
        }
    }

    @Test
    void concurrentCallersGetTheSameResultsAsOneCaller() throws Exception {
        List<int[]> inputs = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 24; i++) {
            int[] ids = new int[3 + random.nextInt(80)];
            for (int t = 0; t < ids.length; t++) ids[t] = 4 + random.nextInt(7990);
            ids[0] = 0;
            ids[ids.length - 1] = 2;
            inputs.add(ids);
        }
        try (EncoderModel model = EncoderModel.load(xlmr())) {
            float[][] expected = model.embed(inputs);
            var executor = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<float[][]>> futures = new java.util.ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    int shift = k;
                    futures.add(executor.submit(() -> {
                        // each caller sends the inputs in a different order and batch composition
                        List<int[]> rotated = new java.util.ArrayList<>(inputs.subList(shift, inputs.size()));
                        rotated.addAll(inputs.subList(0, shift));
                        float[][] got = model.embed(rotated);
                        float[][] back = new float[got.length][];
                        for (int i = 0; i < got.length; i++) back[(i + shift) % got.length] = got[i];
                        return back;
                    }));
                }
                for (var f : futures) {
                    float[][] got = f.get();
                    for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], got[i]);
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }

    @Test
    void unsupportedConfigurationsAreNamed() throws IOException {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        String config = Files.readString(xlmr().resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), config.replace("\"xlm-roberta\"", "\"deberta-v2\""));
        UnsupportedModelException u = assertThrows(UnsupportedModelException.class, () -> ModelFolder.of(dir).config());
        assertTrue(u.getMessage().contains("deberta-v2"), u.getMessage());
        Files.writeString(dir.resolve("config.json"), config.replace("\"gelu\"", "\"silu\""));
        u = assertThrows(UnsupportedModelException.class, () -> ModelFolder.of(dir).config());
        assertTrue(u.getMessage().contains("silu"), u.getMessage());

        Files.writeString(dir.resolve("config.json"), config);
        ModelFormatException f = assertThrows(ModelFormatException.class, () -> EncoderModel.load(dir));
        assertTrue(f.getMessage().contains("no weights"), f.getMessage());

        Files.writeString(dir.resolve("modules.json"), "[{\"idx\":0,\"name\":\"0\",\"path\":\"\",\"type\":\"sentence_transformers.models.Transformer\"},"
                + "{\"idx\":1,\"name\":\"1\",\"path\":\"1_Dense\",\"type\":\"sentence_transformers.models.Dense\"}]");
        u = assertThrows(UnsupportedModelException.class, () -> ModelFolder.of(dir).pooling());
        assertTrue(u.getMessage().contains("sentence_transformers.models.Dense"), u.getMessage());
    }
}
