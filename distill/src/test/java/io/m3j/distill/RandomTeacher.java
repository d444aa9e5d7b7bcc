package io.m3j.distill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.io.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A tiny encoder with random weights and a real tokenizer, as a model folder: fast enough to run the
 * whole distillation (every vocabulary token through the teacher) in a unit test.
 */
public final class RandomTeacher {
    private RandomTeacher() {
    }

    /**
     * @param modelType     bert or xlm-roberta
     * @param tokenizerJson a test resource copied as tokenizer.json
     */
    public static Path create(Path dir, String modelType, int vocab, int padId, int maxPositions, String tokenizerJson, long seed) {
        int hidden = 32, layers = 2, heads = 2, intermediate = 64, types = modelType.equals("bert") ? 2 : 1;
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper();
            ObjectNode c = json.createObjectNode();
            c.put("model_type", modelType).put("vocab_size", vocab).put("hidden_size", hidden).put("num_hidden_layers", layers)
                    .put("num_attention_heads", heads).put("intermediate_size", intermediate).put("max_position_embeddings", maxPositions)
                    .put("type_vocab_size", types).put("pad_token_id", padId).put("layer_norm_eps", 1e-12).put("hidden_act", "gelu");
            Files.writeString(dir.resolve("config.json"), c.toPrettyString());
            Files.copy(TestModels.resource(tokenizerJson), dir.resolve("tokenizer.json"));

            Map<String, int[]> shapes = new LinkedHashMap<>();
            shapes.put("embeddings.word_embeddings.weight", new int[]{vocab, hidden});
            shapes.put("embeddings.position_embeddings.weight", new int[]{maxPositions, hidden});
            shapes.put("embeddings.token_type_embeddings.weight", new int[]{types, hidden});
            shapes.put("embeddings.LayerNorm.weight", new int[]{hidden});
            shapes.put("embeddings.LayerNorm.bias", new int[]{hidden});
            for (int l = 0; l < layers; l++) {
                String p = "encoder.layer." + l + ".";
                for (String lin : new String[]{"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
                    shapes.put(p + lin + ".weight", new int[]{hidden, hidden});
                    shapes.put(p + lin + ".bias", new int[]{hidden});
                }
                shapes.put(p + "attention.output.LayerNorm.weight", new int[]{hidden});
                shapes.put(p + "attention.output.LayerNorm.bias", new int[]{hidden});
                shapes.put(p + "intermediate.dense.weight", new int[]{intermediate, hidden});
                shapes.put(p + "intermediate.dense.bias", new int[]{intermediate});
                shapes.put(p + "output.dense.weight", new int[]{hidden, intermediate});
                shapes.put(p + "output.dense.bias", new int[]{hidden});
                shapes.put(p + "output.LayerNorm.weight", new int[]{hidden});
                shapes.put(p + "output.LayerNorm.bias", new int[]{hidden});
            }
            SafetensorsWriter w = new SafetensorsWriter();
            Map<String, float[]> values = new LinkedHashMap<>();
            Random random = new Random(seed);
            for (var e : shapes.entrySet()) {
                int n = 1;
                for (int d : e.getValue()) n *= d;
                float[] v = new float[n];
                boolean gamma = e.getKey().endsWith("LayerNorm.weight");
                double scale = e.getKey().startsWith("embeddings.") ? 1.0 : 1.0 / Math.sqrt(e.getValue()[e.getValue().length - 1]);
                for (int i = 0; i < n; i++) v[i] = gamma ? 1f + (float) (0.1 * random.nextGaussian()) : (float) (scale * random.nextGaussian());
                values.put(e.getKey(), v);
                w.add(e.getKey(), "F32", java.util.Arrays.stream(e.getValue()).asLongStream().toArray());
            }
            w.write(dir.resolve("model.safetensors"), (name, offset, out) -> {
                float[] v = values.get(name);
                for (int i = (int) (offset / 4); out.hasRemaining(); i++) out.putFloat(v[i]);
            });
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
