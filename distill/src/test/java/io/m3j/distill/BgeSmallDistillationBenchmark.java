package io.m3j.distill;

import io.m3j.distill.staticmodel.StaticModel;
import io.m3j.engine.EncoderModel;
import io.m3j.tokenizer.json.JsonTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Distills bge-small-en-v1.5 (the default model) into a 256-dimension static model and measures the
 * time taken, the model size, and encoding throughput of the static model against the teacher on
 * the same texts. Opt-in (it runs the 12-layer teacher over 30k tokens):
 * {@code -Dm3j.distill.bench=true}.
 */
@EnabledIfSystemProperty(named = "m3j.distill.bench", matches = "true")
class BgeSmallDistillationBenchmark {

    @Test
    void distillBgeSmallTo256Dimensions() throws Exception {
        Path teacherDir = TestModels.bgeSmall();
        Path out = Files.createTempDirectory("m3j-bge-small-static");
        TestModels.deleteOnExit(out);
        DistillResult result = StaticDistiller.distill(DistillOptions.defaults(teacherDir, out).withProgress(System.out));
        assertEquals(256, result.dimensions());
        System.out.printf("bge-small-en-v1.5 -> static 256-d float16: %d tokens, distilled in %.1f s (teacher pass %.1f s), "
                        + "explained variance %.3f, folder %.2f MB (model.safetensors %.2f MB); teacher ONNX %.1f MB%n",
                result.vocabularySize(), result.totalSeconds(), result.teacherSeconds(), result.explainedVarianceRatio(),
                result.bytesWritten() / 1e6, Files.size(out.resolve("model.safetensors")) / 1e6,
                Files.size(teacherDir.resolve("model.onnx")) / 1e6);

        StaticModel model = StaticModel.load(out);
        List<String> base = TestModels.strings(TestModels.json("/fixtures/model2vec/expected.json").get("texts"));
        List<String> texts = new ArrayList<>();
        while (texts.size() < 2000) texts.addAll(base);
        texts = texts.subList(0, 2000);

        model.encode(texts); // warm-up
        long s0 = System.nanoTime();
        int staticRounds = 0;
        while (System.nanoTime() - s0 < 5_000_000_000L) {
            model.encode(texts);
            staticRounds++;
        }
        double staticRate = staticRounds * texts.size() / ((System.nanoTime() - s0) / 1e9);

        JsonTokenizer tokenizer = JsonTokenizer.load(teacherDir.resolve("tokenizer.json"));
        List<String> teacherTexts = texts.subList(0, 400);
        double teacherRate;
        try (EncoderModel teacher = EncoderModel.load(teacherDir)) {
            List<int[]> warm = new ArrayList<>();
            for (String t : teacherTexts.subList(0, 50)) warm.add(tokenizer.encode(t, true, 512).ids());
            teacher.embed(warm);
            long t0 = System.nanoTime();
            List<int[]> ids = new ArrayList<>();
            for (String t : teacherTexts) ids.add(tokenizer.encode(t, true, 512).ids());
            teacher.embed(ids);
            teacherRate = teacherTexts.size() / ((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("encoding throughput on the fixture texts (tokenization included): static %.0f texts/s, teacher %.1f texts/s, "
                + "ratio %.0fx%n", staticRate, teacherRate, staticRate / teacherRate);
        assertTrue(staticRate > teacherRate);
    }
}
