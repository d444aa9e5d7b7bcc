package io.m3j.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.io.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a model folder (config.json + model.safetensors, F32) with random weights in the exact
 * shapes of a given encoder, so benchmarks and memory tests run at bge-m3 scale without the real
 * 2.3 GB download. Values are deterministic for a seed: linear weights uniform with standard
 * deviation 0.02 (the Hugging Face initializer range), LayerNorm weights 1 and biases 0.
 */
public final class RandomCheckpoint {
    private static final double INIT_STD = 0.02;

    private RandomCheckpoint() {
    }

    /** Writes {@code config.json} and {@code model.safetensors} into {@code folder} (created if needed). */
    public static void write(EncoderShape shape, Path folder, long seed) {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("config.json"), configJson(shape));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + folder, e);
        }
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        for (Tensor t : tensors(shape)) writer.add(t.name, "F32", t.shape);
        writer.write(folder.resolve("model.safetensors"), new RandomSource(seed));
    }

    /** The config.json Hugging Face transformers would write for this shape. */
    public static String configJson(EncoderShape s) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode c = json.createObjectNode();
        boolean roberta = !s.modelType().equals("bert");
        c.putArray("architectures").add(roberta ? (s.modelType().equals("xlm-roberta") ? "XLMRobertaModel" : "RobertaModel") : "BertModel");
        c.put("model_type", s.modelType());
        c.put("vocab_size", s.vocabSize());
        c.put("hidden_size", s.hiddenSize());
        c.put("num_hidden_layers", s.numLayers());
        c.put("num_attention_heads", s.numHeads());
        c.put("intermediate_size", s.intermediateSize());
        c.put("hidden_act", "gelu");
        c.put("max_position_embeddings", s.maxPositions());
        c.put("type_vocab_size", s.typeVocabSize());
        c.put("pad_token_id", s.padTokenId());
        c.put("layer_norm_eps", s.layerNormEps());
        c.put("position_embedding_type", "absolute");
        c.put("torch_dtype", "float32");
        return c.toPrettyString() + "\n";
    }

    private record Tensor(String name, long[] shape) {
    }

    private static List<Tensor> tensors(EncoderShape s) {
        long h = s.hiddenSize();
        long i = s.intermediateSize();
        List<Tensor> t = new ArrayList<>();
        t.add(new Tensor("embeddings.word_embeddings.weight", new long[]{s.vocabSize(), h}));
        t.add(new Tensor("embeddings.position_embeddings.weight", new long[]{s.maxPositions(), h}));
        t.add(new Tensor("embeddings.token_type_embeddings.weight", new long[]{s.typeVocabSize(), h}));
        t.add(new Tensor("embeddings.LayerNorm.weight", new long[]{h}));
        t.add(new Tensor("embeddings.LayerNorm.bias", new long[]{h}));
        for (int l = 0; l < s.numLayers(); l++) {
            String p = "encoder.layer." + l + ".";
            for (String proj : new String[]{"query", "key", "value"}) {
                t.add(new Tensor(p + "attention.self." + proj + ".weight", new long[]{h, h}));
                t.add(new Tensor(p + "attention.self." + proj + ".bias", new long[]{h}));
            }
            t.add(new Tensor(p + "attention.output.dense.weight", new long[]{h, h}));
            t.add(new Tensor(p + "attention.output.dense.bias", new long[]{h}));
            t.add(new Tensor(p + "attention.output.LayerNorm.weight", new long[]{h}));
            t.add(new Tensor(p + "attention.output.LayerNorm.bias", new long[]{h}));
            t.add(new Tensor(p + "intermediate.dense.weight", new long[]{i, h}));
            t.add(new Tensor(p + "intermediate.dense.bias", new long[]{i}));
            t.add(new Tensor(p + "output.dense.weight", new long[]{h, i}));
            t.add(new Tensor(p + "output.dense.bias", new long[]{h}));
            t.add(new Tensor(p + "output.LayerNorm.weight", new long[]{h}));
            t.add(new Tensor(p + "output.LayerNorm.bias", new long[]{h}));
        }
        t.add(new Tensor("pooler.dense.weight", new long[]{h, h}));
        t.add(new Tensor("pooler.dense.bias", new long[]{h}));
        return t;
    }

    /** Fills tensors by name: LayerNorm weights 1, biases 0, everything else random. */
    private static final class RandomSource implements SafetensorsWriter.TensorSource {
        private final long seed;
        private String current;
        private SplittableRandom random;

        RandomSource(long seed) {
            this.seed = seed;
        }

        @Override
        public void fill(String name, long offset, ByteBuffer out) {
            if (!name.equals(current)) {
                current = name;
                random = new SplittableRandom(seed ^ name.hashCode() * 0x9E3779B97F4A7C15L);
            }
            boolean layerNorm = name.contains("LayerNorm");
            boolean bias = name.endsWith(".bias");
            // Uniform on [-a, a] has standard deviation a / sqrt(3).
            double a = INIT_STD * Math.sqrt(3);
            while (out.remaining() >= 4) {
                float v;
                if (bias) v = 0f;
                else if (layerNorm) v = 1f;
                else v = (float) ((random.nextDouble() * 2 - 1) * a);
                out.putFloat(v);
            }
        }
    }
}
