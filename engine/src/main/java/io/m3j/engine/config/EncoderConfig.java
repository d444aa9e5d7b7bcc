package io.m3j.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The architecture of a BERT-family encoder, from a Hugging Face {@code config.json}.
 *
 * @param modelType    {@code bert}, {@code roberta} or {@code xlm-roberta}
 * @param padTokenId   the padding id; for RoBERTa-style models also the position {@code padding_idx}
 * @param layerNormEps epsilon of every LayerNorm
 */
public record EncoderConfig(String modelType, int vocabSize, int hiddenSize, int numLayers, int numHeads,
                            int intermediateSize, int maxPositions, int typeVocabSize, int padTokenId,
                            float layerNormEps, Activation activation) {

    public EncoderConfig {
        String where = "Encoder config (" + modelType + ")";
        if (!modelType.equals("bert") && !modelType.equals("roberta") && !modelType.equals("xlm-roberta")) {
            throw new UnsupportedModelException("model_type '" + modelType + "' is not supported (bert, roberta, xlm-roberta)");
        }
        if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || intermediateSize <= 0
                || maxPositions <= 0 || typeVocabSize <= 0) {
            throw new ModelFormatException(where + ": sizes must be positive, found vocab " + vocabSize + ", hidden " + hiddenSize
                    + ", layers " + numLayers + ", heads " + numHeads + ", intermediate " + intermediateSize
                    + ", positions " + maxPositions + ", type vocab " + typeVocabSize);
        }
        if (hiddenSize % numHeads != 0) {
            throw new ModelFormatException(where + ": hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + numHeads);
        }
    }

    public int headSize() {
        return hiddenSize / numHeads;
    }

    /**
     * RoBERTa and XLM-R number positions from the input ids: padding_idx + 1 + (count of non-pad
     * tokens so far), pad tokens get padding_idx. BERT numbers them 0, 1, 2, ...
     */
    public boolean positionsFromPaddingIdx() {
        return !modelType.equals("bert");
    }

    /** The longest input the position table allows. */
    public int maxTokens() {
        return positionsFromPaddingIdx() ? maxPositions - padTokenId - 1 : maxPositions;
    }

    public static EncoderConfig read(Path configJson) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(configJson.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read model config " + configJson + ": " + e.getMessage(), e);
        }
        return parse(node, configJson.toString());
    }

    public static EncoderConfig parse(JsonNode c, String source) {
        if (c == null || !c.isObject()) throw new ModelFormatException("Model config " + source + " is not a JSON object");
        String positionType = c.path("position_embedding_type").asText("absolute");
        if (!positionType.equals("absolute")) {
            throw new UnsupportedModelException(source + ": position_embedding_type '" + positionType + "' is not supported (absolute)");
        }
        if (c.path("is_decoder").asBoolean(false)) throw new UnsupportedModelException(source + ": decoder models are not supported");
        return new EncoderConfig(
                text(c, "model_type", source),
                integer(c, "vocab_size", source),
                integer(c, "hidden_size", source),
                integer(c, "num_hidden_layers", source),
                integer(c, "num_attention_heads", source),
                integer(c, "intermediate_size", source),
                integer(c, "max_position_embeddings", source),
                c.path("type_vocab_size").asInt(2),
                c.path("pad_token_id").asInt(0),
                (float) c.path("layer_norm_eps").asDouble(1e-12),
                Activation.fromConfig(c.path("hidden_act").asText("gelu"), source));
    }

    private static String text(JsonNode c, String field, String source) {
        JsonNode v = c.get(field);
        if (v == null || !v.isTextual()) throw new ModelFormatException("Model config " + source + " has no string field " + field);
        return v.asText();
    }

    private static int integer(JsonNode c, String field, String source) {
        JsonNode v = c.get(field);
        if (v == null || !v.canConvertToInt()) throw new ModelFormatException("Model config " + source + " has no integer field " + field);
        return v.asInt();
    }
}
