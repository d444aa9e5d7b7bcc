package io.m3j.engine.model;

import io.m3j.engine.config.Activation;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.io.Tensor;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.kernel.gemm.Attention;
import io.m3j.engine.kernel.gemm.Epilogue;
import io.m3j.engine.kernel.gemm.Gemm;
import io.m3j.engine.kernel.gemm.LayerNorm;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.model.EncoderWeights.Norm;
import io.m3j.engine.runtime.ComputePool;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * The forward pass of a BERT / RoBERTa / XLM-R encoder (post-LayerNorm, bidirectional attention)
 * over a {@link PackedBatch}. The Linear layers run on the GEMM with weights packed once at
 * construction (in the chosen {@link Precision}) and fused epilogues (bias, bias+GELU,
 * bias+residual); attention streams over key blocks with an online softmax. Stateless apart from
 * the weights, so it is thread-safe.
 */
public final class Encoder {
    private static final int QUERY_BLOCK = 64;
    /** A multiple of {@link Attention#KEY_ALIGN}. */
    private static final int KEY_BLOCK = 256;
    /** Row-wise work (embeddings, ReLU) on fewer rows stays on one thread: dispatch costs more. */
    private static final int MIN_ROWS_PER_TASK = 32;

    private final EncoderConfig config;
    // Only the embeddings: the layers' source weights are not kept once packed, so a heap copy
    // (ONNX's transposed weights) can be collected and mapped pages are not needed again.
    private final EncoderWeights.Embeddings embeddings;
    private final List<PackedLayer> layers;
    private final LayerNorm embeddingNorm;
    private final LayerNorm[] attentionNorms;
    private final LayerNorm[] outputNorms;
    private final Precision precision;
    private final Gemm gemm;
    private final Attention attention;
    private final ComputePool pool;

    /** FP32 weights. */
    public Encoder(EncoderConfig config, EncoderWeights weights, Kernels kernels, ComputePool pool) {
        this(config, weights, kernels, pool, Precision.FP32);
    }

    /** Packs every Linear weight of {@code weights} in {@code precision} (the slow part of loading). */
    public Encoder(EncoderConfig config, EncoderWeights weights, Kernels kernels, ComputePool pool, Precision precision) {
        this.config = config;
        this.embeddings = weights.embeddings();
        this.gemm = kernels.gemm();
        this.attention = kernels.attention();
        this.pool = pool;
        this.precision = precision;
        PackedLayer[] packed = new PackedLayer[weights.layers().size()];
        pool.forEach(packed.length, 1, (l0, l1) -> {
            for (int l = l0; l < l1; l++) packed[l] = PackedLayer.of(weights.layers().get(l), precision);
        });
        this.layers = List.of(packed);
        this.embeddingNorm = layerNorm(embeddings.norm());
        this.attentionNorms = new LayerNorm[packed.length];
        this.outputNorms = new LayerNorm[packed.length];
        for (int l = 0; l < packed.length; l++) {
            attentionNorms[l] = layerNorm(packed[l].attentionNorm());
            outputNorms[l] = layerNorm(packed[l].outputNorm());
        }
    }

    private LayerNorm layerNorm(Norm norm) {
        return new LayerNorm(norm.gamma(), norm.beta(), config.layerNormEps());
    }

    public EncoderConfig config() {
        return config;
    }

    public Precision precision() {
        return precision;
    }

    /** The last hidden state, [rows x hidden] row-major. */
    public float[] forward(PackedBatch batch) {
        int rows = batch.rows();
        int hidden = config.hiddenSize();
        float[] x = new float[rows * hidden];
        float[] qkv = new float[rows * 3 * hidden];
        float[] context = new float[rows * hidden];
        float[] intermediate = new float[rows * config.intermediateSize()];

        embed(batch, x);
        for (int l = 0; l < layers.size(); l++) {
            PackedLayer layer = layers.get(l);
            gemm.multiply(x, rows, layer.qkv(), qkv, Epilogue.bias(layer.qkvBias()), pool);
            attention(batch, qkv, context);
            // x = LayerNorm(attention + x): residual and LayerNorm are the GEMM's epilogue
            gemm.multiply(context, rows, layer.attentionOutput(), x,
                    Epilogue.biasResidualLayerNorm(layer.attentionOutputBias(), x, 0, attentionNorms[l]), pool);
            gemm.multiply(x, rows, layer.intermediate(), intermediate, activation(layer.intermediateBias()), pool);
            if (config.activation() == Activation.RELU) relu(intermediate, rows);
            // x = LayerNorm(feed-forward + x)
            gemm.multiply(intermediate, rows, layer.output(), x,
                    Epilogue.biasResidualLayerNorm(layer.outputBias(), x, 0, outputNorms[l]), pool);
        }
        return x;
    }

    private Epilogue activation(float[] bias) {
        return switch (config.activation()) {
            case GELU -> Epilogue.biasGeluErf(bias);
            case GELU_TANH -> Epilogue.biasGeluTanh(bias);
            case RELU -> Epilogue.bias(bias);
        };
    }

    /** word + position + token type embeddings, then LayerNorm. */
    private void embed(PackedBatch batch, float[] x) {
        int hidden = config.hiddenSize();
        EncoderWeights.Embeddings e = embeddings;
        int[] ids = batch.tokenIds();
        int[] types = batch.typeIds();
        int[] positions = positions(batch);
        pool.forEach(batch.rows(), rowGrain(batch.rows()), (r0, r1) -> {
            float[] row = new float[hidden];
            for (int r = r0; r < r1; r++) {
                int off = r * hidden;
                MemorySegment.copy(e.word(), Tensor.F32_LE, (long) ids[r] * hidden * Float.BYTES, x, off, hidden);
                addRow(e.position(), positions[r], row, x, off, hidden);
                addRow(e.tokenType(), types == null ? 0 : types[r], row, x, off, hidden);
                embeddingNorm.apply(x, off, hidden);
            }
        });
    }

    private static void addRow(MemorySegment table, int index, float[] scratch, float[] x, int off, int hidden) {
        MemorySegment.copy(table, Tensor.F32_LE, (long) index * hidden * Float.BYTES, scratch, 0, hidden);
        for (int i = 0; i < hidden; i++) x[off + i] += scratch[i];
    }

    /**
     * BERT: 0, 1, 2, ... per sequence. RoBERTa / XLM-R: padding_idx + running count of non-pad
     * tokens, and padding_idx itself for pad tokens (so real tokens start at padding_idx + 1).
     */
    private int[] positions(PackedBatch batch) {
        int[] positions = new int[batch.rows()];
        int pad = config.padTokenId();
        for (int s = 0; s < batch.sequences(); s++) {
            int count = 0;
            for (int r = batch.start()[s]; r < batch.start()[s + 1]; r++) {
                if (!config.positionsFromPaddingIdx()) {
                    positions[r] = r - batch.start()[s];
                } else if (batch.tokenIds()[r] == pad) {
                    positions[r] = pad;
                } else {
                    positions[r] = pad + ++count;
                }
            }
        }
        return positions;
    }

    /**
     * Scaled dot-product attention per (sequence, head), reading queries in place from the fused
     * {@code [q | k | v]} rows; keys (transposed, in panels) and values are copied once per head
     * into contiguous buffers. For each block of queries
     * the keys are visited block by block with an online softmax (running max and sum; the partial
     * output is rescaled when the max grows), so no [length x length] matrix exists: memory is
     * O(length · head size) per head. Every reduction has a fixed order set by positions within
     * the sequence, so a sequence's result does not depend on its batch.
     */
    private void attention(PackedBatch batch, float[] qkv, float[] context) {
        int heads = config.numHeads();
        pool.forEach(batch.sequences() * heads, 1, (t0, t1) -> {
            AttentionScratch scratch = ATTENTION_SCRATCH.get();
            for (int t = t0; t < t1; t++) attendHead(batch, t / heads, t % heads, qkv, context, scratch);
        });
    }

    /** Per-thread attention buffers, grown on demand, so a forward pass does not allocate per head. */
    private static final class AttentionScratch {
        float[] keysT = new float[0];
        float[] values = new float[0];
        final float[] scores = new float[QUERY_BLOCK * KEY_BLOCK];
        float[] output = new float[0];
        final float[] max = new float[QUERY_BLOCK];
        final float[] sum = new float[QUERY_BLOCK];
        final float[] rescale = new float[QUERY_BLOCK];

        void ensure(int keys, int outputs) {
            if (keysT.length < keys) {
                keysT = new float[keys];
                values = new float[keys];
            }
            if (output.length < outputs) output = new float[outputs];
        }
    }

    private static final ThreadLocal<AttentionScratch> ATTENTION_SCRATCH = ThreadLocal.withInitial(AttentionScratch::new);

    private void attendHead(PackedBatch batch, int seq, int head, float[] qkv, float[] context, AttentionScratch s) {
        int hidden = config.hiddenSize();
        int stride = 3 * hidden;
        int d = config.headSize();
        int first = batch.start()[seq];
        int len = batch.length(seq);
        int col = head * d;
        float scale = (float) (1.0 / Math.sqrt(d));
        // keys transposed in panels of KEY_ALIGN keys (zero-padded), values as contiguous [len x d]
        int ldk = Attention.paddedKeys(len);
        s.ensure(d * ldk, QUERY_BLOCK * d);
        float[] keysT = s.keysT;
        float[] values = s.values;
        Arrays.fill(keysT, d * (ldk - Attention.KEY_ALIGN), d * ldk, 0f);
        for (int j = 0; j < len; j++) {
            int row = (first + j) * stride + col;
            int key = Attention.keyIndex(j, d);
            for (int c = 0; c < d; c++) keysT[key + c * Attention.KEY_ALIGN] = qkv[row + hidden + c];
            System.arraycopy(qkv, row + 2 * hidden, values, j * d, d);
        }
        float[] out = s.output;
        for (int i0 = 0; i0 < len; i0 += QUERY_BLOCK) {
            int n = Math.min(QUERY_BLOCK, len - i0);
            Arrays.fill(out, 0, n * d, 0f);
            Arrays.fill(s.max, 0, n, Float.NEGATIVE_INFINITY);
            Arrays.fill(s.sum, 0, n, 0f);
            int queries = (first + i0) * stride + col;
            for (int j0 = 0; j0 < len; j0 += KEY_BLOCK) {
                int kb = Math.min(KEY_BLOCK, len - j0);
                attention.scores(qkv, queries, stride, n, keysT, j0, Attention.paddedKeys(kb), d, scale,
                        s.scores, KEY_BLOCK);
                attention.softmax(s.scores, KEY_BLOCK, n, kb, s.max, s.sum, s.rescale);
                attention.accumulate(s.scores, KEY_BLOCK, n, kb, values, j0 * d, d, d, s.rescale, out);
            }
            for (int i = 0; i < n; i++) {
                float inv = 1f / s.sum[i];
                int dst = (first + i0 + i) * hidden + col;
                for (int c = 0; c < d; c++) context[dst + c] = out[i * d + c] * inv;
            }
        }
    }

    /** About four chunks per thread, but never fewer than {@link #MIN_ROWS_PER_TASK} rows each. */
    private int rowGrain(int rows) {
        int chunks = 4 * pool.threads();
        return Math.max(MIN_ROWS_PER_TASK, (rows + chunks - 1) / chunks);
    }

    private void relu(float[] h, int rows) {
        int width = config.intermediateSize();
        pool.forEach(rows, rowGrain(rows), (r0, r1) -> {
            for (int i = r0 * width; i < r1 * width; i++) h[i] = Math.max(0f, h[i]);
        });
    }
}
