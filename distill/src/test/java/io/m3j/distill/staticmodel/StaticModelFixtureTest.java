package io.m3j.distill.staticmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.distill.TestModels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.m3j.distill.TestModels.floats;
import static io.m3j.distill.TestModels.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fixtures/model2vec/model is a StaticModel written by model2vec 0.8.2; its expected.json holds
 * model2vec's {@code StaticModel.encode} token ids and embeddings for 332 texts (max_length 512) and
 * 40 texts with max_length 16.
 */
class StaticModelFixtureTest {
    private static final JsonNode EXPECTED = TestModels.json("/fixtures/model2vec/expected.json");
    private static final StaticModel MODEL = StaticModel.load(TestModels.resource("/fixtures/model2vec/model"));

    @Test
    void loadsTheModel2vecLayout() {
        assertTrue(StaticModel.isStaticModel(TestModels.resource("/fixtures/model2vec/model")));
        assertEquals(29525, MODEL.vocabularySize());
        assertEquals(64, MODEL.dimension());
        assertEquals(EXPECTED.get("median_token_length").asInt(), MODEL.medianTokenLength());
        assertEquals(EXPECTED.get("unk_token_id").asInt(), MODEL.unkId());
        assertTrue(MODEL.normalize());
    }

    @Test
    void encodeMatchesModel2vec() {
        check(EXPECTED, 512);
    }

    @Test
    void encodeWithMaxLength16MatchesModel2vec() {
        check(EXPECTED.get("max_length_16"), 16);
    }

    private static void check(JsonNode expected, int maxLength) {
        List<String> texts = TestModels.strings(expected.get("texts").isArray() ? expected.get("texts") : EXPECTED.get("texts"));
        int n = expected.get("token_ids").size();
        texts = texts.subList(0, n);
        List<int[]> ids = MODEL.tokenize(texts, maxLength);
        List<float[]> vectors = MODEL.encode(texts, maxLength);
        int idMatches = 0;
        double worstCosine = 1, worstDiff = 0;
        for (int i = 0; i < n; i++) {
            int[] want = ints(expected.get("token_ids").get(i));
            if (Arrays.equals(want, ids.get(i))) idMatches++;
            else System.out.println("ids differ for text " + i + ": " + texts.get(i));
            float[] e = floats(expected.get("embeddings").get(i));
            worstCosine = Math.min(worstCosine, TestModels.cosine(e, vectors.get(i)));
            worstDiff = Math.max(worstDiff, TestModels.maxAbsDiff(e, vectors.get(i)));
        }
        System.out.printf("model2vec fixture encode (max_length %d): token ids %d/%d identical, worst cosine %.8f, max |diff| %.2e%n",
                maxLength, idMatches, n, worstCosine, worstDiff);
        assertEquals(n, idMatches);
        assertTrue(worstCosine >= 0.99999, "worst cosine " + worstCosine);
        assertTrue(worstDiff <= 1e-5, "max |diff| " + worstDiff);
    }

    @Test
    void sequenceEncodingGivesOneRowPerToken() {
        List<String> texts = List.of("hello world", "");
        List<float[][]> seq = MODEL.encodeAsSequence(texts, 0);
        List<int[]> ids = MODEL.tokenize(texts, 0);
        assertEquals(ids.get(0).length, seq.get(0).length);
        assertArrayEquals(MODEL.row(ids.get(0)[0]), seq.get(0)[0]);
    }
}
