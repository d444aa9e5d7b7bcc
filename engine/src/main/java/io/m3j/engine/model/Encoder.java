package io.m3j.engine.model;

import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.io.Tensor;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.model.EncoderWeights.Layer;
import io.m3j.engine.model.EncoderWeights.Linear;
import io.m3j.engine.model.EncoderWeights.Norm;
import io.m3j.engine.runtime.ComputePool;

import java.lang.foreign.MemorySegment;

/**
 * The forward pass of a BERT / RoBERTa / XLM-R encoder (post-LayerNorm, bidirectional attention)
 * over a {@link PackedBatch}. Stateless apart from the weights, so it is thread-safe.
 */
public final class Encoder {
    private static final int ROW_TILE = 64;
    private static final int OUT_TILE = 128;
    private static final int QUERY_BLOCK = 64;

    private final EncoderConfig config;
    private final EncoderWeights weights;
    private final Kernels kernels;
    private final ComputePool pool;

    public Encoder(EncoderConfig config, EncoderWeights weights, Kernels kernels, ComputePool pool) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.pool = pool;
    }

    public EncoderConfig config() {
        return config;
    }

    /** The last hidden state, [rows x hidden] row-major. */
    public float[] forward(PackedBatch batch) {
        int rows = batch.rows();
        int hidden = config.hiddenSize();
        float[] x = new float[rows * hidden];
        float[] q = new float[rows * hidden];
        float[] k = new float[rows * hidden];
        float[] v = new float[rows * hidden];
        float[] context = new float[rows * hidden];
        float[] sum = new float[rows * hidden];
        float[] intermediate = new float[rows * config.intermediateSize()];

        embed(batch, x);
        for (Layer layer : weights.layers()) {
            linear(x, rows, layer.query(), q);
            linear(x, rows, layer.key(), k);
            linear(x, rows, layer.value(), v);
            attention(batch, q, k, v, context);
            linear(context, rows, layer.attentionOutput(), sum);
            addAndNormalize(sum, x, layer.attentionNorm(), rows);   // x = LayerNorm(attention + x)
            linear(x, rows, layer.intermediate(), intermediate);
            activate(intermediate, rows);
            linear(intermediate, rows, layer.output(), sum);
            addAndNormalize(sum, x, layer.outputNorm(), rows);      // x = LayerNorm(feed-forward + x)
        }
        return x;
    }

    /** word + position + token type embeddings, then LayerNorm. */
    private void embed(PackedBatch batch, float[] x) {
        int hidden = config.hiddenSize();
        EncoderWeights.Embeddings e = weights.embeddings();
        int[] ids = batch.tokenIds();
        int[] types = batch.typeIds();
        int[] positions = positions(batch);
        pool.forEach(batch.rows(), (r0, r1) -> {
            float[] row = new float[hidden];
            for (int r = r0; r < r1; r++) {
                int off = r * hidden;
                MemorySegment.copy(e.word(), Tensor.F32_LE, (long) ids[r] * hidden * Float.BYTES, x, off, hidden);
                addRow(e.position(), positions[r], row, x, off, hidden);
                addRow(e.tokenType(), types == null ? 0 : types[r], row, x, off, hidden);
                layerNorm(x, off, hidden, e.norm());
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

    /** y = x W^T + b over all rows, tiled over rows and outputs. */
    private void linear(float[] x, int rows, Linear layer, float[] y) {
        int rowTiles = (rows + ROW_TILE - 1) / ROW_TILE;
        int outTiles = (layer.out() + OUT_TILE - 1) / OUT_TILE;
        pool.forEach(rowTiles * outTiles, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int r0 = (t / outTiles) * ROW_TILE;
                int o0 = (t % outTiles) * OUT_TILE;
                kernels.linear(x, layer.in(), layer.weight(), layer.bias(), y, layer.out(),
                        r0, Math.min(rows, r0 + ROW_TILE), o0, Math.min(layer.out(), o0 + OUT_TILE));
            }
        });
    }

    /**
     * Scaled dot-product attention per (sequence, head). Keys and values of one head are copied into
     * contiguous blocks so both products are Linear-shaped; scores exist for one block of queries at
     * a time, never as a full [length x length] matrix.
     */
    private void attention(PackedBatch batch, float[] q, float[] k, float[] v, float[] context) {
        int heads = config.numHeads();
        pool.forEach(batch.sequences() * heads, 1, (t0, t1) -> {
            for (int t = t0; t < t1; t++) attendHead(batch, t / heads, t % heads, q, k, v, context);
        });
    }

    private void attendHead(PackedBatch batch, int seq, int head, float[] q, float[] k, float[] v, float[] context) {
        int hidden = config.hiddenSize();
        int d = config.headSize();
        int first = batch.start()[seq];
        int len = batch.length(seq);
        int col = head * d;
        float scale = (float) (1.0 / Math.sqrt(d));
        float[] keys = new float[len * d];          // [len x d]
        float[] valuesT = new float[d * len];       // [d x len]
        for (int j = 0; j < len; j++) {
            System.arraycopy(k, (first + j) * hidden + col, keys, j * d, d);
            for (int c = 0; c < d; c++) valuesT[c * len + j] = v[(first + j) * hidden + col + c];
        }
        MemorySegment keySegment = MemorySegment.ofArray(keys);
        MemorySegment valueSegment = MemorySegment.ofArray(valuesT);
        int block = Math.min(QUERY_BLOCK, len);
        float[] queries = new float[block * d];
        float[] scores = new float[block * len];
        float[] out = new float[block * d];
        for (int i0 = 0; i0 < len; i0 += block) {
            int n = Math.min(block, len - i0);
            for (int i = 0; i < n; i++) System.arraycopy(q, (first + i0 + i) * hidden + col, queries, i * d, d);
            kernels.linear(queries, d, keySegment, null, scores, len, 0, n, 0, len);
            for (int i = 0; i < n; i++) softmax(scores, i * len, len, scale);
            kernels.linear(scores, len, valueSegment, null, out, d, 0, n, 0, d);
            for (int i = 0; i < n; i++) System.arraycopy(out, i * d, context, (first + i0 + i) * hidden + col, d);
        }
    }

    private static void softmax(float[] s, int off, int len, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            s[off + j] *= scale;
            max = Math.max(max, s[off + j]);
        }
        double total = 0;
        for (int j = 0; j < len; j++) {
            float e = (float) Math.exp(s[off + j] - max);
            s[off + j] = e;
            total += e;
        }
        float inv = (float) (1.0 / total);
        for (int j = 0; j < len; j++) s[off + j] *= inv;
    }

    /** x = LayerNorm(sum + x), row by row. */
    private void addAndNormalize(float[] sum, float[] x, Norm norm, int rows) {
        int hidden = config.hiddenSize();
        pool.forEach(rows, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int off = r * hidden;
                for (int i = 0; i < hidden; i++) x[off + i] += sum[off + i];
                layerNorm(x, off, hidden, norm);
            }
        });
    }

    private void layerNorm(float[] x, int off, int n, Norm norm) {
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[off + i];
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double c = x[off + i] - mean;
            variance += c * c;
        }
        variance /= n;
        double inv = 1.0 / Math.sqrt(variance + config.layerNormEps());
        float[] g = norm.gamma(), b = norm.beta();
        for (int i = 0; i < n; i++) x[off + i] = (float) ((x[off + i] - mean) * inv) * g[i] + b[i];
    }

    private void activate(float[] h, int rows) {
        int width = config.intermediateSize();
        pool.forEach(rows, (r0, r1) -> {
            switch (config.activation()) {
                case GELU -> { for (int i = r0 * width; i < r1 * width; i++) h[i] = Gelu.exact(h[i]); }
                case GELU_TANH -> { for (int i = r0 * width; i < r1 * width; i++) h[i] = Gelu.tanh(h[i]); }
                case RELU -> { for (int i = r0 * width; i < r1 * width; i++) h[i] = Math.max(0f, h[i]); }
            }
        });
    }
}
