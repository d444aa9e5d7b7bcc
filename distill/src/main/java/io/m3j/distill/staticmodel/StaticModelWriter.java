package io.m3j.distill.staticmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.distill.Quantization;
import io.m3j.engine.io.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a static model in the model2vec layout, as model2vec's {@code save_pretrained} does:
 * {@code model.safetensors} ({@code embeddings} [V, D] in the chosen element type, and
 * {@code weights} [V] when given), {@code tokenizer.json}, {@code config.json} and a
 * sentence-transformers {@code modules.json} (StaticEmbedding at ".", then Normalize when the config
 * normalises), so Python's model2vec and sentence-transformers load the folder.
 */
public final class StaticModelWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StaticModelWriter() {
    }

    /**
     * @param embeddings [rows x dim] row-major, already in their final values (int8 quantization
     *                   happens here: scaled by 127 / max|x| and rounded half to even)
     * @param weights    per token, or null
     */
    public static void write(Path dir, float[] embeddings, int rows, int dim, Quantization quantization, float[] weights,
                             JsonNode tokenizerJson, ObjectNode config) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter st = new SafetensorsWriter().add("embeddings", quantization.safetensorsDtype(), rows, dim);
            if (weights != null) st.add("weights", "F32", weights.length);
            byte[] quantized = quantization == Quantization.INT8 ? int8(embeddings) : null;
            st.write(dir.resolve("model.safetensors"), (name, offset, out) -> {
                if (name.equals("weights")) {
                    for (int i = (int) (offset / 4); out.hasRemaining(); i++) out.putFloat(weights[i]);
                    return;
                }
                switch (quantization) {
                    case FLOAT32 -> {
                        for (int i = (int) (offset / 4); out.hasRemaining(); i++) out.putFloat(embeddings[i]);
                    }
                    case FLOAT16 -> {
                        for (int i = (int) (offset / 2); out.hasRemaining(); i++) out.putShort(Float.floatToFloat16(embeddings[i]));
                    }
                    case INT8 -> out.put(ByteBuffer.wrap(quantized, (int) offset, out.remaining()));
                }
            });
            Files.writeString(dir.resolve("tokenizer.json"), JSON.writeValueAsString(tokenizerJson));
            Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            ArrayNode modules = JSON.createArrayNode();
            ObjectNode embedding = modules.addObject();
            embedding.put("idx", 0).put("name", "0").put("path", ".").put("type", "sentence_transformers.models.StaticEmbedding");
            if (config.path("normalize").asBoolean(false)) {
                ObjectNode normalize = modules.addObject();
                normalize.put("idx", 1).put("name", "1").put("path", "1_Normalize").put("type", "sentence_transformers.models.Normalize");
            }
            Files.writeString(dir.resolve("modules.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(modules));
        } catch (IOException e) {
            throw new UncheckedIOException("writing static model to " + dir, e);
        }
    }

    /** model2vec's int8: one global scale max|x| / 127, round half to even; the scale is not stored. */
    static byte[] int8(float[] x) {
        double max = 0;
        for (float v : x) max = Math.max(max, Math.abs(v));
        byte[] out = new byte[x.length];
        if (max == 0) return out;
        double scale = max / 127.0;
        for (int i = 0; i < x.length; i++) out[i] = (byte) Math.rint(x[i] / scale);
        return out;
    }
}
