package io.m3j.engine;

import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.config.ModelFolder;
import io.m3j.engine.config.PoolingConfig;
import io.m3j.engine.config.WeightFormat;
import io.m3j.engine.io.Weights;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.model.Encoder;
import io.m3j.engine.model.EncoderWeights;
import io.m3j.engine.model.M3Heads;
import io.m3j.engine.model.M3Output;
import io.m3j.engine.model.PackedBatch;
import io.m3j.engine.model.Pooling;
import io.m3j.engine.runtime.BatchPlanner;
import io.m3j.engine.runtime.ComputePool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An encoder model driven by token ids: last hidden states, sentence embeddings (per the folder's
 * pooling/normalize modules) and, when the bge-m3 heads are present, dense/sparse/ColBERT outputs.
 * Inputs are batched by length internally; every result is independent of how inputs were batched.
 * Thread-safe. Closing releases the weight mappings.
 */
public final class EncoderModel implements AutoCloseable {
    /** Tokens per internal batch; bounds the activation memory (a longer input runs alone). */
    public static final int DEFAULT_BATCH_TOKENS = 4096;

    private final EncoderConfig config;
    private final PoolingConfig pooling;
    private final Encoder encoder;
    private final M3Heads heads;
    private final List<Weights> owned;
    private final int batchTokens;
    private final int batchSequences;

    public EncoderModel(EncoderConfig config, PoolingConfig pooling, Encoder encoder, M3Heads heads,
                        List<Weights> owned, int batchTokens) {
        this(config, pooling, encoder, heads, owned, batchTokens, Integer.MAX_VALUE);
    }

    public EncoderModel(EncoderConfig config, PoolingConfig pooling, Encoder encoder, M3Heads heads,
                        List<Weights> owned, int batchTokens, int batchSequences) {
        if (batchTokens < 1) throw new IllegalArgumentException("batchTokens must be >= 1, got " + batchTokens);
        if (batchSequences < 1) throw new IllegalArgumentException("batchSequences must be >= 1, got " + batchSequences);
        this.config = config;
        this.pooling = pooling;
        this.encoder = encoder;
        this.heads = heads;
        this.owned = List.copyOf(owned);
        this.batchTokens = batchTokens;
        this.batchSequences = batchSequences;
    }

    /** Loads a model folder with its preferred weight format. */
    public static EncoderModel load(Path folder) {
        ModelFolder f = ModelFolder.of(folder);
        return load(f, f.preferredFormat(), Kernels.get(), Precision.FP32);
    }

    public static EncoderModel load(Path folder, WeightFormat format) {
        return load(ModelFolder.of(folder), format, Kernels.get(), Precision.FP32);
    }

    /** Loads with explicit kernels (tests compare implementations in one JVM). */
    public static EncoderModel load(Path folder, WeightFormat format, Kernels kernels) {
        return load(ModelFolder.of(folder), format, kernels, Precision.FP32);
    }

    /**
     * Loads with the Linear weights held in {@code precision}: FP32 (exact), BF16 (half the
     * memory) or INT8 (a quarter; activations quantized per token at run time).
     */
    public static EncoderModel load(Path folder, Precision precision) {
        ModelFolder f = ModelFolder.of(folder);
        return load(f, f.preferredFormat(), Kernels.get(), precision);
    }

    public static EncoderModel load(Path folder, WeightFormat format, Kernels kernels, Precision precision) {
        return load(ModelFolder.of(folder), format, kernels, precision);
    }

    /**
     * Loads with a caller's compute pool (which the model uses but does not close) and batch limits:
     * at most {@code batchTokens} tokens and {@code batchSequences} inputs per forward pass.
     * A null {@code format} picks the folder's preferred one.
     */
    public static EncoderModel load(Path folder, WeightFormat format, ComputePool pool, int batchTokens, int batchSequences) {
        return load(folder, format, pool, batchTokens, batchSequences, Precision.FP32);
    }

    /** {@link #load(Path, WeightFormat, ComputePool, int, int)} with the Linear weights in {@code precision}. */
    public static EncoderModel load(Path folder, WeightFormat format, ComputePool pool, int batchTokens, int batchSequences,
                                    Precision precision) {
        ModelFolder f = ModelFolder.of(folder);
        return load(f, format == null ? f.preferredFormat() : format, Kernels.get(), pool, batchTokens, batchSequences,
                precision);
    }

    /**
     * A model over weights opened by the caller (e.g. an ONNX file without a config.json); the
     * model takes ownership of {@code weights} and closes them.
     */
    public static EncoderModel of(EncoderConfig config, PoolingConfig pooling, Weights weights, Kernels kernels) {
        return of(config, pooling, weights, kernels, Precision.FP32);
    }

    /** {@link #of(EncoderConfig, PoolingConfig, Weights, Kernels)} with the Linear weights in {@code precision}. */
    public static EncoderModel of(EncoderConfig config, PoolingConfig pooling, Weights weights, Kernels kernels,
                                  Precision precision) {
        try {
            Encoder encoder = new Encoder(config, EncoderWeights.load(weights, config), kernels, ComputePool.shared(),
                    precision);
            return new EncoderModel(config, pooling, encoder, null, List.of(weights), DEFAULT_BATCH_TOKENS);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static EncoderModel load(ModelFolder folder, WeightFormat format, Kernels kernels, Precision precision) {
        return load(folder, format, kernels, ComputePool.shared(), DEFAULT_BATCH_TOKENS, Integer.MAX_VALUE, precision);
    }

    private static EncoderModel load(ModelFolder folder, WeightFormat format, Kernels kernels, ComputePool pool,
                                     int batchTokens, int batchSequences, Precision precision) {
        EncoderConfig config = folder.config();
        PoolingConfig pooling = folder.pooling();
        List<Weights> owned = new ArrayList<>();
        try {
            Weights weights = folder.openWeights(format);
            owned.add(weights);
            Encoder encoder = new Encoder(config, EncoderWeights.load(weights, config), kernels, pool, precision);
            M3Heads heads = null;
            Weights colbert = folder.openHead("colbert_linear");
            if (colbert != null) owned.add(colbert);
            Weights sparse = folder.openHead("sparse_linear");
            if (sparse != null) owned.add(sparse);
            if ((colbert == null) != (sparse == null)) {
                throw new ModelFormatException("Model folder " + folder.dir() + " has only one of colbert_linear and sparse_linear");
            }
            if (colbert != null) {
                heads = M3Heads.load(colbert, sparse, config.hiddenSize(), folder.sparseExcludedIds(), kernels, pool);
            }
            return new EncoderModel(config, pooling, encoder, heads, owned, batchTokens, batchSequences);
        } catch (RuntimeException e) {
            for (Weights w : owned) w.close();
            throw e;
        }
    }

    public EncoderConfig config() {
        return config;
    }

    public PoolingConfig pooling() {
        return pooling;
    }

    /** The precision the Linear weights were packed in. */
    public Precision precision() {
        return encoder.precision();
    }

    public boolean hasM3Heads() {
        return heads != null;
    }

    /** The last hidden state per input, [tokens][hidden]. */
    public List<float[][]> lastHiddenStates(List<int[]> inputs) {
        return lastHiddenStates(inputs, null);
    }

    /**
     * The last hidden state per input, with token type (segment) ids: {@code typeIds} may be null
     * (all zeros) or hold one array per input, the same length as its ids.
     */
    public List<float[][]> lastHiddenStates(List<int[]> inputs, List<int[]> typeIds) {
        int width = config.hiddenSize();
        float[][][] out = new float[inputs.size()][][];
        run(inputs, typeIds, (index, ids, hidden, row0) -> {
            float[][] rows = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) rows[t] = Arrays.copyOfRange(hidden, (row0 + t) * width, (row0 + t + 1) * width);
            out[index] = rows;
        });
        return Arrays.asList(out);
    }

    /** The sentence embedding per input (pooling and normalisation from the model folder). */
    public float[][] embed(List<int[]> inputs) {
        return embed(inputs, null);
    }

    /** Sentence embeddings with token type ids (see {@link #lastHiddenStates(List, List)}). */
    public float[][] embed(List<int[]> inputs, List<int[]> typeIds) {
        float[][] out = new float[inputs.size()][];
        run(inputs, typeIds, (index, ids, hidden, row0) -> out[index] = Pooling.pool(pooling, hidden, row0, ids.length, config.hiddenSize()));
        return out;
    }

    /** bge-m3 dense, sparse and ColBERT outputs per input. */
    public List<M3Output> encodeM3(List<int[]> inputs) {
        if (heads == null) throw new UnsupportedModelException("This model has no bge-m3 heads (colbert_linear / sparse_linear)");
        M3Output[] out = new M3Output[inputs.size()];
        run(inputs, null, (index, ids, hidden, row0) -> out[index] = heads.apply(ids, hidden, row0, config.hiddenSize()));
        return Arrays.asList(out);
    }

    /** The bge-m3 heads, or null when the folder has none. */
    public M3Heads m3Heads() {
        return heads;
    }

    /**
     * Receives one input's last hidden state: rows {@code row0 .. row0 + ids.length - 1} of
     * {@code hidden}, {@code hiddenSize} floats each. {@code hidden} is the batch's buffer: read it
     * during the call, do not keep it.
     */
    @FunctionalInterface
    public interface HiddenStateSink {
        void accept(int index, int[] ids, float[] hidden, int row0);
    }

    /**
     * Runs the encoder once over {@code inputs} (batched as usual) and hands each input's last
     * hidden state to {@code sink}, on the calling thread; for callers that derive several
     * outputs from one forward pass. {@code typeIds} may be null.
     */
    public void forEachHiddenState(List<int[]> inputs, List<int[]> typeIds, HiddenStateSink sink) {
        run(inputs, typeIds, sink);
    }

    private void run(List<int[]> inputs, List<int[]> typeIds, HiddenStateSink sink) {
        if (typeIds != null && typeIds.size() != inputs.size()) {
            throw new IllegalArgumentException(inputs.size() + " inputs but " + typeIds.size() + " type id arrays");
        }
        int[] lengths = new int[inputs.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = validate(inputs.get(i), i);
            if (typeIds != null) validateTypes(typeIds.get(i), lengths[i], i);
        }
        for (int[] batch : BatchPlanner.plan(lengths, batchTokens, batchSequences)) {
            int[][] sequences = new int[batch.length][];
            int[][] types = typeIds == null ? null : new int[batch.length][];
            for (int s = 0; s < batch.length; s++) {
                sequences[s] = inputs.get(batch[s]);
                if (types != null) types[s] = typeIds.get(batch[s]);
            }
            PackedBatch packed = PackedBatch.of(sequences, types);
            float[] hidden = encoder.forward(packed);
            for (int s = 0; s < batch.length; s++) sink.accept(batch[s], sequences[s], hidden, packed.start()[s]);
        }
    }

    private int validate(int[] ids, int index) {
        if (ids == null || ids.length == 0) throw new IllegalArgumentException("Input " + index + " has no tokens");
        if (ids.length > config.maxTokens()) {
            throw new IllegalArgumentException("Input " + index + " has " + ids.length + " tokens; this model takes at most "
                    + config.maxTokens() + " (max_position_embeddings " + config.maxPositions() + ")");
        }
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("Input " + index + " has token id " + id + " outside the vocabulary [0, "
                        + config.vocabSize() + ")");
            }
        }
        return ids.length;
    }

    private void validateTypes(int[] types, int length, int index) {
        if (types == null) return;
        if (types.length != length) {
            throw new IllegalArgumentException("Input " + index + " has " + length + " tokens but " + types.length + " type ids");
        }
        for (int t : types) {
            if (t < 0 || t >= config.typeVocabSize()) {
                throw new IllegalArgumentException("Input " + index + " has token type id " + t + " outside [0, "
                        + config.typeVocabSize() + ")");
            }
        }
    }

    @Override
    public void close() {
        for (Weights w : owned) w.close();
    }
}
