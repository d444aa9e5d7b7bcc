package io.m3j.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.io.SafetensorsWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    private static final String TOKENIZER_ROOT = "/io/m3j/models/xlmr-fixture-tokenizer/";
    private static final int TOKENIZER_VOCAB = 8002;

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

    /**
     * A complete model folder that embeds text: {@link #write} plus a tokenizer (a small XLM-R
     * Unigram tokenizer whose ids are all below 8002, bundled with this module), the
     * sentence-transformers modules of bge-m3 (CLS pooling, Normalize, max_seq_length = the
     * position limit) and, if {@code m3Heads}, random bge-m3 heads ({@code colbert_linear} and
     * {@code sparse_linear} as F32 safetensors).
     */
    public static void writeModelFolder(EncoderShape shape, Path folder, long seed, boolean m3Heads) {
        if (!shape.modelType().equals("xlm-roberta") || shape.vocabSize() < TOKENIZER_VOCAB) {
            throw new IllegalArgumentException("the bundled tokenizer needs an xlm-roberta shape with at least "
                    + TOKENIZER_VOCAB + " ids, got " + shape.modelType() + " with " + shape.vocabSize());
        }
        write(shape, folder, seed);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            for (String f : new String[] {"tokenizer.json", "special_tokens_map.json"}) {
                try (InputStream in = RandomCheckpoint.class.getResourceAsStream(TOKENIZER_ROOT + f)) {
                    if (in == null) throw new IOException("missing class-path resource " + TOKENIZER_ROOT + f);
                    Files.copy(in, folder.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            ArrayNode modules = json.createArrayNode();
            String[][] names = {{"", "Transformer"}, {"1_Pooling", "Pooling"}, {"2_Normalize", "Normalize"}};
            for (int i = 0; i < names.length; i++) {
                modules.addObject().put("idx", i).put("name", String.valueOf(i)).put("path", names[i][0])
                        .put("type", "sentence_transformers.models." + names[i][1]);
            }
            Files.writeString(folder.resolve("modules.json"), modules.toPrettyString() + "\n");
            Files.createDirectories(folder.resolve("1_Pooling"));
            Files.writeString(folder.resolve("1_Pooling/config.json"), json.createObjectNode()
                    .put("word_embedding_dimension", shape.hiddenSize()).put("pooling_mode_cls_token", true)
                    .put("pooling_mode_mean_tokens", false).toPrettyString() + "\n");
            Files.createDirectories(folder.resolve("2_Normalize"));
            Files.writeString(folder.resolve("2_Normalize/config.json"), "{}\n");
            Files.writeString(folder.resolve("sentence_bert_config.json"), json.createObjectNode()
                    .put("max_seq_length", shape.maxPositions() - shape.padTokenId() - 1).put("do_lower_case", false)
                    .toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + folder, e);
        }
        if (m3Heads) {
            long h = shape.hiddenSize();
            new SafetensorsWriter().metadata("format", "pt").add("weight", "F32", h, h).add("bias", "F32", h)
                    .write(folder.resolve("colbert_linear.safetensors"), new RandomSource(seed + 1));
            new SafetensorsWriter().metadata("format", "pt").add("weight", "F32", 1, h).add("bias", "F32", 1)
                    .write(folder.resolve("sparse_linear.safetensors"), new RandomSource(seed + 2));
        }
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
