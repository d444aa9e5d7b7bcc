package io.m3j.distill;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.distill.pca.PcaResult;
import io.m3j.distill.staticmodel.StaticModel;
import io.m3j.distill.vocab.StaticVocabulary;
import io.m3j.tokenizer.json.JsonTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static io.m3j.distill.TestModels.doubles;
import static io.m3j.distill.TestModels.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole distillation of the bert fixture teacher (all 29,525 tokens through all-MiniLM-L6-v2)
 * against model2vec's: pre-PCA mean, PCA components and variances, PCA output, final matrix, and
 * encode on the fixture texts. Runs the teacher over the full vocabulary, so it is opt-in:
 * {@code -Dm3j.distill.full=true}.
 */
@EnabledIfSystemProperty(named = "m3j.distill.full", matches = "true")
class FullDistillationTest {
    private static final JsonNode EXPECTED = TestModels.json("/fixtures/model2vec/expected.json");

    @Test
    void fullDistillationMatchesModel2vec() throws Exception {
        JsonNode tokenizerJson = TestModels.json("/fixtures/bert/tokenizer.json");
        JsonTokenizer tokenizer = JsonTokenizer.load(TestModels.resource("/fixtures/bert/tokenizer.json"));
        StaticVocabulary vocabulary = StaticVocabulary.build(tokenizerJson, tokenizer, List.of(),
                Pattern.compile(StaticVocabulary.DEFAULT_REMOVE_PATTERN), 512);
        int rows = vocabulary.size();
        Path out = Files.createTempDirectory("m3j-distilled");
        TestModels.deleteOnExit(out);
        DistillResult result = StaticDistiller.distill(DistillOptions.defaults(TestModels.miniLm(), out)
                .withPcaDims(new PcaDims.Count(64)).withQuantization(Quantization.FLOAT32).withProgress(System.out));
        assertEquals(rows, result.vocabularySize());
        PcaResult pca = result.pca();
        double meanDiff = 0;
        double[] mean = doubles(EXPECTED.get("pre_pca_mean"));
        for (int c = 0; c < 384; c++) meanDiff = Math.max(meanDiff, Math.abs(mean[c] - pca.mean()[c]));
        double componentDiff = 0;
        for (int k = 0; k < 3; k++) {
            double[] want = doubles(EXPECTED.get("pca_components_first3").get(k));
            double[] got = pca.component(k);
            for (int c = 0; c < 384; c++) componentDiff = Math.max(componentDiff, Math.abs(want[c] - got[c]));
        }
        double[] variance = doubles(EXPECTED.get("pca_explained_variance_first5"));
        double varianceRel = 0;
        for (int k = 0; k < 5; k++) varianceRel = Math.max(varianceRel, Math.abs(variance[k] - pca.explainedVariance()[k]) / variance[k]);

        StaticModel ours = StaticModel.load(out);
        double[] sif = SifWeights.of(rows, 1e-4);
        double pcaOutDiff = 0;
        for (int i = 0; i < 5; i++) {
            double[] want = doubles(EXPECTED.get("pca_out_first5_rows").get(i));
            float[] row = ours.row(i);
            for (int c = 0; c < 64; c++) pcaOutDiff = Math.max(pcaOutDiff, Math.abs(want[c] - row[c] / sif[i]));
        }
        StaticModel reference = StaticModel.load(TestModels.resource("/fixtures/model2vec/model"));
        double finalDiff = 0;
        int worstRow = -1;
        for (int r = 0; r < rows; r++) {
            float[] want = reference.row(r);
            float[] got = ours.row(r);
            for (int c = 0; c < 64; c++) {
                double d = Math.abs(want[c] - got[c]);
                if (d > finalDiff) {
                    finalDiff = d;
                    worstRow = r;
                }
            }
        }
        double firstRowsDiff = 0;
        for (int i = 0; i < 5; i++) {
            firstRowsDiff = Math.max(firstRowsDiff, TestModels.maxAbsDiff(floats(EXPECTED.get("final_embedding_first5_rows").get(i)), ours.row(i)));
        }
        double teacherSeconds = result.teacherSeconds();
        List<String> texts = TestModels.strings(EXPECTED.get("texts"));
        List<float[]> ourVectors = ours.encode(texts);
        double worstCosine = 1;
        for (int i = 0; i < texts.size(); i++) {
            worstCosine = Math.min(worstCosine, TestModels.cosine(floats(EXPECTED.get("embeddings").get(i)), ourVectors.get(i)));
        }
        System.out.printf("full distillation (29525 tokens, teacher pass %.1f s): pre-PCA mean max |diff| %.2e, components 0-2 %.2e, "
                        + "explained variance 0-4 rel %.2e, PCA output rows 0-4 %.2e, final rows 0-4 %.2e, final matrix %.2e (row %d), "
                        + "encode worst cosine vs model2vec %.6f over %d texts%n",
                teacherSeconds, meanDiff, componentDiff, varianceRel, pcaOutDiff, firstRowsDiff, finalDiff, worstRow, worstCosine, texts.size());
        assertTrue(meanDiff <= 1e-5, "mean");
        assertTrue(componentDiff <= 1e-3, "components");
        assertTrue(pcaOutDiff <= 1e-3, "pca out");
        assertTrue(firstRowsDiff <= 1e-3, "final rows");
        assertTrue(worstCosine >= 0.999, "encode cosine " + worstCosine);
    }
}
