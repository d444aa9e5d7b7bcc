package io.m3j;

import io.m3j.engine.config.WeightFormat;

/**
 * How {@link EmbeddingModel#load(java.nio.file.Path, EmbeddingOptions)} opens and runs a model.
 *
 * @param weights   which weight file to use when the folder has several; null picks safetensors,
 *                  then pytorch_model.bin, then ONNX
 * @param maxLength truncate inputs to this many tokens, special tokens included; 0 uses the
 *                  model's own limit (sentence_bert_config.json max_seq_length and the position table).
 *                  A value above the model's limit is lowered to it.
 * @param batchSize at most this many texts per forward pass; 0 = as many as fit in
 *                  {@link io.m3j.engine.EncoderModel#DEFAULT_BATCH_TOKENS} tokens
 * @param threads   compute threads; 0 shares one process-wide pool sized to the available cores
 */
public record EmbeddingOptions(WeightFormat weights, int maxLength, int batchSize, int threads) {

    public EmbeddingOptions {
        if (maxLength < 0) throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        if (batchSize < 0) throw new IllegalArgumentException("batchSize must be >= 0, got " + batchSize);
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }

    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(null, 0, 0, 0);
    }

    public EmbeddingOptions withWeights(WeightFormat format) {
        return new EmbeddingOptions(format, maxLength, batchSize, threads);
    }

    public EmbeddingOptions withMaxLength(int tokens) {
        return new EmbeddingOptions(weights, tokens, batchSize, threads);
    }

    public EmbeddingOptions withBatchSize(int texts) {
        return new EmbeddingOptions(weights, maxLength, texts, threads);
    }

    public EmbeddingOptions withThreads(int count) {
        return new EmbeddingOptions(weights, maxLength, batchSize, count);
    }
}
