package io.m3j.engine.model;

import io.m3j.engine.ModelFormatException;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.io.Weights;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a BERT-family encoder, checked against the config. Matrices are float32
 * segments: slices of the mapped file when it stores F32, converted copies otherwise.
 */
public record EncoderWeights(Embeddings embeddings, List<Layer> layers) {

    /** A Linear layer: weight [out, in], bias [out]. */
    public record Linear(MemorySegment weight, float[] bias, int out, int in) {
    }

    public record Norm(float[] gamma, float[] beta) {
    }

    public record Embeddings(MemorySegment word, MemorySegment position, MemorySegment tokenType, Norm norm) {
    }

    public record Layer(Linear query, Linear key, Linear value, Linear attentionOutput, Norm attentionNorm,
                        Linear intermediate, Linear output, Norm outputNorm) {
    }

    /**
     * Reads the encoder parameters under Hugging Face names; a common prefix such as
     * {@code roberta.} or {@code bert.} is detected from the word embeddings' name.
     */
    public static EncoderWeights load(Weights w, EncoderConfig c) {
        String p = prefix(w);
        int h = c.hiddenSize();
        Embeddings embeddings = new Embeddings(
                w.require(p + "embeddings.word_embeddings.weight", c.vocabSize(), h).f32Segment(),
                w.require(p + "embeddings.position_embeddings.weight", c.maxPositions(), h).f32Segment(),
                w.require(p + "embeddings.token_type_embeddings.weight", c.typeVocabSize(), h).f32Segment(),
                norm(w, p + "embeddings.LayerNorm", h));
        List<Layer> layers = new ArrayList<>(c.numLayers());
        for (int i = 0; i < c.numLayers(); i++) {
            String l = p + "encoder.layer." + i + ".";
            layers.add(new Layer(
                    linear(w, l + "attention.self.query", h, h),
                    linear(w, l + "attention.self.key", h, h),
                    linear(w, l + "attention.self.value", h, h),
                    linear(w, l + "attention.output.dense", h, h),
                    norm(w, l + "attention.output.LayerNorm", h),
                    linear(w, l + "intermediate.dense", c.intermediateSize(), h),
                    linear(w, l + "output.dense", h, c.intermediateSize()),
                    norm(w, l + "output.LayerNorm", h)));
        }
        if (w.find(p + "encoder.layer." + c.numLayers() + ".attention.self.query.weight") != null) {
            throw new ModelFormatException("Weights in " + w.source() + " have more than num_hidden_layers = "
                    + c.numLayers() + " layers");
        }
        return new EncoderWeights(embeddings, List.copyOf(layers));
    }

    /** The Linear {@code name.weight} / {@code name.bias}; an empty name means plain {@code weight} / {@code bias}. */
    public static Linear linear(Weights w, String name, int out, int in) {
        String p = name.isEmpty() ? "" : name + ".";
        MemorySegment weight = w.require(p + "weight", out, in).f32Segment();
        float[] bias = w.require(p + "bias", out).toFloatArray();
        return new Linear(weight, bias, out, in);
    }

    private static Norm norm(Weights w, String name, int size) {
        return new Norm(w.require(name + ".weight", size).toFloatArray(), w.require(name + ".bias", size).toFloatArray());
    }

    private static String prefix(Weights w) {
        String suffix = "embeddings.word_embeddings.weight";
        if (w.find(suffix) != null) return "";
        String best = null;
        for (String name : w.names()) {
            if (name.endsWith("." + suffix)) {
                String p = name.substring(0, name.length() - suffix.length());
                if (best == null || p.length() < best.length()) best = p;
            }
        }
        if (best == null) throw new ModelFormatException("Missing tensor " + suffix + " in " + w.source());
        return best;
    }

}
