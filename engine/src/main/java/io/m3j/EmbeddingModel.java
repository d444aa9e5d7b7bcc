package io.m3j;

import io.m3j.engine.EncoderModel;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;
import io.m3j.engine.config.EncoderConfig;
import io.m3j.engine.config.ModelFolder;
import io.m3j.engine.config.PoolingConfig;
import io.m3j.engine.model.M3Heads;
import io.m3j.engine.model.M3Output;
import io.m3j.engine.model.Pooling;
import io.m3j.engine.model.SparseVector;
import io.m3j.engine.runtime.ComputePool;
import io.m3j.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A sentence-embedding model loaded from a folder: text in, vectors out.
 *
 * <pre>{@code
 * try (EmbeddingModel m = EmbeddingModel.load(Path.of("bge-m3"))) {
 *     float[][] v = m.embed(List.of("a", "b"));
 *     M3Output o = m.encodeM3("text");                          // bge-m3 dense + sparse + ColBERT
 *     double s = m.score("what is m3j?", "m3j embeds text in Java");
 * }
 * }</pre>
 *
 * <p>Texts are tokenized with the folder's tokenizer (tokenizer.json, else sentencepiece.bpe.model,
 * else vocab.txt) and truncated to {@link #maxLength()} tokens, special tokens included. A list of
 * texts is sorted by length into batches; results come back in the caller's order and do not depend
 * on the batching. Thread-safe: one instance can serve many threads. {@link #close()} releases the
 * weight mappings (and the compute threads, when {@link EmbeddingOptions#threads()} asked for its own).
 */
public final class EmbeddingModel implements AutoCloseable {
    private final Path folder;
    private final EncoderModel encoder;
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final ComputePool ownedPool;
    private volatile boolean closed;

    private EmbeddingModel(Path folder, EncoderModel encoder, Tokenizer tokenizer, int maxLength, ComputePool ownedPool) {
        this.folder = folder;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.ownedPool = ownedPool;
    }

    /** Loads a model folder (Hugging Face / sentence-transformers layout) with the default options. */
    public static EmbeddingModel load(Path folder) {
        return load(folder, EmbeddingOptions.defaults());
    }

    public static EmbeddingModel load(Path folder, EmbeddingOptions options) {
        ModelFolder layout = ModelFolder.of(folder);
        if (layout.tokenizerFile() == null) {
            throw new ModelFormatException("Model folder " + folder + " has no tokenizer (tokenizer.json, sentencepiece.bpe.model or vocab.txt)");
        }
        Tokenizer tokenizer = Tokenizer.load(folder);
        ComputePool pool = options.threads() == 0 ? ComputePool.shared() : new ComputePool(options.threads());
        try {
            int batchSequences = options.batchSize() == 0 ? Integer.MAX_VALUE : options.batchSize();
            EncoderModel encoder = EncoderModel.load(folder, options.weights(), pool, EncoderModel.DEFAULT_BATCH_TOKENS, batchSequences,
                    options.precision());
            int limit = encoder.config().maxTokens();
            int configured = encoder.pooling().maxSeqLength();
            if (configured > 0) limit = Math.min(limit, configured);
            if (options.maxLength() > 0) limit = Math.min(limit, options.maxLength());
            return new EmbeddingModel(folder, encoder, tokenizer, limit, options.threads() == 0 ? null : pool);
        } catch (RuntimeException e) {
            if (options.threads() != 0) pool.close();
            throw e;
        }
    }

    /** The sentence embedding of one text (see {@link #embed(List)}). */
    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /**
     * One sentence embedding per text. For a model with bge-m3 heads this is bge-m3's dense vector
     * (the normalised CLS state, as FlagEmbedding computes it); otherwise the pooling and
     * normalisation of the folder's sentence-transformers modules (mean pooling without modules.json).
     */
    public float[][] embed(List<String> texts) {
        List<Outputs> outputs = encode(texts, EnumSet.of(Output.DENSE));
        float[][] out = new float[outputs.size()][];
        for (int i = 0; i < out.length; i++) out[i] = outputs.get(i).dense();
        return out;
    }

    /** bge-m3's dense, sparse and ColBERT outputs of one text. */
    public M3Output encodeM3(String text) {
        return encodeM3(List.of(text)).getFirst();
    }

    public List<M3Output> encodeM3(List<String> texts) {
        List<Outputs> outputs = encode(texts, EnumSet.of(Output.DENSE, Output.SPARSE, Output.COLBERT));
        List<M3Output> out = new ArrayList<>(outputs.size());
        for (Outputs o : outputs) out.add(new M3Output(o.dense(), o.sparse(), o.colbert()));
        return out;
    }

    /**
     * The asked-for outputs of every text, from one forward pass per batch.
     *
     * @throws UnsupportedModelException if SPARSE or COLBERT is asked of a model without bge-m3 heads
     */
    public List<Outputs> encode(List<String> texts, Set<Output> wanted) {
        checkOpen();
        if (wanted.isEmpty()) throw new IllegalArgumentException("ask for at least one output");
        M3Heads heads = encoder.m3Heads();
        for (Output o : wanted) {
            if (o.needsM3Heads() && heads == null) {
                throw new UnsupportedModelException("The " + o.name().toLowerCase() + " output needs the bge-m3 heads "
                        + "(colbert_linear and sparse_linear), which model folder " + folder + " does not have");
            }
        }
        List<int[]> ids = tokenize(texts);
        boolean dense = wanted.contains(Output.DENSE), sparse = wanted.contains(Output.SPARSE);
        boolean colbert = wanted.contains(Output.COLBERT), hidden = wanted.contains(Output.HIDDEN);
        int width = encoder.config().hiddenSize();
        PoolingConfig pooling = encoder.pooling();
        Outputs[] out = new Outputs[ids.size()];
        encoder.forEachHiddenState(ids, null, (index, tokens, states, row0) -> out[index] = new Outputs(
                !dense ? null : heads != null ? heads.dense(states, row0, width) : Pooling.pool(pooling, states, row0, tokens.length, width),
                sparse ? heads.sparse(tokens, states, row0, width) : null,
                colbert ? heads.colbert(states, row0, tokens.length, width) : null,
                hidden ? rows(states, row0, tokens.length, width) : null));
        return Arrays.asList(out);
    }

    /** Cosine similarity of the two texts' sentence embeddings. */
    public double score(String first, String second) {
        float[][] v = embed(List.of(first, second));
        return cosine(v[0], v[1]);
    }

    /** Cosine similarity of each pair {@code (firsts[i], seconds[i])}, all texts embedded in one call. */
    public double[] score(List<String> firsts, List<String> seconds) {
        if (firsts.size() != seconds.size()) {
            throw new IllegalArgumentException(firsts.size() + " first texts but " + seconds.size() + " second texts");
        }
        List<String> all = new ArrayList<>(firsts);
        all.addAll(seconds);
        float[][] v = embed(all);
        double[] out = new double[firsts.size()];
        for (int i = 0; i < out.length; i++) out[i] = cosine(v[i], v[firsts.size() + i]);
        return out;
    }

    /** bge-m3's dense, sparse and ColBERT scores of a query against a passage. */
    public M3Score scoreM3(String query, String passage) {
        List<M3Output> o = encodeM3(List.of(query, passage));
        return M3Score.of(o.get(0), o.get(1));
    }

    /** The token ids the model sees for {@code text}: special tokens added, truncated to {@link #maxLength()}. */
    public int[] tokenize(String text) {
        return tokenizer.encode(Objects.requireNonNull(text, "text"), true, maxLength).ids();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The longest input in tokens, special tokens included; longer texts are truncated. */
    public int maxLength() {
        return maxLength;
    }

    /** Whether the folder has the bge-m3 heads, so {@link #encodeM3} and the sparse/ColBERT outputs work. */
    public boolean hasM3Heads() {
        return encoder.hasM3Heads();
    }

    /** The length of {@link #embed} vectors. */
    public int dimension() {
        int hidden = encoder.config().hiddenSize();
        return hasM3Heads() ? hidden : hidden * encoder.pooling().modes().size();
    }

    public EncoderConfig config() {
        return encoder.config();
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        encoder.close();
        if (ownedPool != null) ownedPool.close();
    }

    private List<int[]> tokenize(List<String> texts) {
        List<int[]> ids = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) throw new NullPointerException("text " + i + " is null");
            ids.add(tokenizer.encode(text, true, maxLength).ids());
        }
        return ids;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("EmbeddingModel for " + folder + " is closed");
    }

    private static float[][] rows(float[] states, int row0, int count, int width) {
        float[][] out = new float[count][];
        for (int t = 0; t < count; t++) out[t] = Arrays.copyOfRange(states, (row0 + t) * width, (row0 + t + 1) * width);
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
