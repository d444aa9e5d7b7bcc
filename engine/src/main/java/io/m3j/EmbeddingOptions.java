package io.m3j;

import io.m3j.engine.config.WeightFormat;
import io.m3j.engine.kernel.gemm.Precision;

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
 * @param precision how the encoder's Linear weights are held, chosen at load: FP32 (exact, the
 *                  default), BF16 (half the memory) or INT8 (a quarter; per-token activation scales)
 */
public record EmbeddingOptions(WeightFormat weights, int maxLength, int batchSize, int threads, Precision precision) {

    public EmbeddingOptions {
        if (maxLength < 0) throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        if (batchSize < 0) throw new IllegalArgumentException("batchSize must be >= 0, got " + batchSize);
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        if (precision == null) throw new IllegalArgumentException("precision must not be null");
    }

    /** FP32 weights. */
    public EmbeddingOptions(WeightFormat weights, int maxLength, int batchSize, int threads) {
        this(weights, maxLength, batchSize, threads, Precision.FP32);
    }

    public static EmbeddingOptions defaults() {
        return new EmbeddingOptions(null, 0, 0, 0, Precision.FP32);
    }

    public EmbeddingOptions withWeights(WeightFormat format) {
        return new EmbeddingOptions(format, maxLength, batchSize, threads, precision);
    }

    public EmbeddingOptions withMaxLength(int tokens) {
        return new EmbeddingOptions(weights, tokens, batchSize, threads, precision);
    }

    public EmbeddingOptions withBatchSize(int texts) {
        return new EmbeddingOptions(weights, maxLength, texts, threads, precision);
    }

    public EmbeddingOptions withThreads(int count) {
        return new EmbeddingOptions(weights, maxLength, batchSize, count, precision);
    }

    public EmbeddingOptions withPrecision(Precision p) {
        return new EmbeddingOptions(weights, maxLength, batchSize, threads, p);
    }
}
