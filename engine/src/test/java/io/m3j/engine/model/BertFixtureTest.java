package io.m3j.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.engine.EncoderModel;
import io.m3j.engine.Fixtures;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.config.ModelFolder;
import io.m3j.engine.config.PoolingMode;
import io.m3j.engine.io.OnnxModelFile;
import io.m3j.engine.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.m3j.engine.Fixtures.floats;
import static io.m3j.engine.Fixtures.ints;
import static io.m3j.engine.Fixtures.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fixtures/bert: all-MiniLM-L6-v2 with the real weights taken from the ONNX file in the langchain4j
 * jar; embeddings must match sentence-transformers' (mean pooling, normalize).
 */
class BertFixtureTest {

    @Test
    void onnxMatMulWeightsAreNamedAfterTheirBias() {
        JsonNode map = Fixtures.json("/fixtures/bert/onnx_to_hf_weight_map.json").get("onnx_initializer_to_hf");
        try (OnnxModelFile onnx = OnnxModelFile.open(Fixtures.classpathFile("/all-minilm-l6-v2.onnx"))) {
            int transposed = 0;
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                String hf = e.getValue().get("hf_name").asText();
                if (e.getValue().get("transpose").asBoolean()) {
                    assertEquals(hf, onnx.renamedInitializers().get(e.getKey()), e.getKey());
                    transposed++;
                } else {
                    assertEquals(e.getKey(), hf);
                }
                assertNotNull(onnx.find(hf), hf);
            }
            assertEquals(36, transposed);
            assertEquals(36, onnx.renamedInitializers().size());
            // [in, out] in the file becomes [out, in]
            assertEquals(1536, onnx.require("encoder.layer.0.intermediate.dense.weight").dim(0));
        }
    }

    @Test
    void embeddingsMatchSentenceTransformers() {
        Path dir = Fixtures.path("/fixtures/bert");
        JsonNode expected = Fixtures.json("/fixtures/bert/expected.json");
        ModelFolder folder = ModelFolder.of(dir);
        EncoderConfig config = folder.config();
        assertEquals(List.of(PoolingMode.MEAN), folder.pooling().modes());
        assertTrue(folder.pooling().normalize());
        assertEquals(256, folder.pooling().maxSeqLength());
        List<int[]> ids = new ArrayList<>();
        for (JsonNode s : expected.get("input_ids")) ids.add(ints(s));
        try (EncoderModel model = EncoderModel.of(config, folder.pooling(),
                OnnxModelFile.open(Fixtures.classpathFile("/all-minilm-l6-v2.onnx")), Kernels.get())) {
            float[][] embeddings = model.embed(ids);
            double diff = 0;
            for (int i = 0; i < ids.size(); i++) diff = Math.max(diff, maxAbsDiff(embeddings[i], floats(expected.get("embeddings").get(i))));
            System.out.printf("bert fixture (all-MiniLM-L6-v2 from ONNX weights) vs sentence-transformers: %d sentences, max |diff| %.2e%n",
                    ids.size(), diff);
            assertTrue(diff <= 1e-5, "max |diff| " + diff);
        }
    }
}
