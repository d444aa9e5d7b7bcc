package io.m3j.distill.staticmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.io.DType;
import io.m3j.engine.io.SafetensorsFile;
import io.m3j.engine.io.Tensor;
import io.m3j.tokenizer.json.JsonTokenizer;
import io.m3j.tokenizer.json.PaddingConfig;
import io.m3j.tokenizer.json.TruncationConfig;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A static embedding model (Model2Vec): one vector per token, a text's embedding is the mean of its
 * tokens' vectors. Loads the model2vec layout ({@code model.safetensors} with {@code embeddings}
 * [V, D] and optional {@code weights} [V] / {@code mapping} [V], {@code tokenizer.json},
 * {@code config.json}) and the sentence-transformers {@code StaticEmbedding} layout (a module folder
 * with {@code embedding.weight} and {@code tokenizer.json}, a Normalize module for normalisation).
 *
 * <p>Encoding follows Python model2vec's {@code StaticModel.encode}: the text is first cut to
 * {@code maxLength x median token length} characters (code points), tokenized without special
 * tokens with the tokenizer.json's own truncation and padding applied as Hugging Face tokenizers
 * applies them (padding positions count, as they do in model2vec; {@code BatchLongest} pads to the
 * longest of each batch of {@value #BATCH_SIZE} texts), unknown tokens are dropped, the first
 * {@code maxLength} ids kept, and their rows (times the per-token weight, through the mapping when
 * present) averaged; the mean is L2-normalised (norm + 1e-32) when the config says so, and a text
 * with no tokens gets the zero vector. Immutable and thread-safe.
 */
public final class StaticModel {
    /** model2vec's default {@code max_length} for {@code encode}. */
    public static final int DEFAULT_MAX_LENGTH = 512;
    /** model2vec's encode batch size; only {@code BatchLongest} padding can tell batches apart. */
    public static final int BATCH_SIZE = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final float[] embeddings;
    private final int rows;
    private final int dim;
    private final float[] weights;
    private final int[] mapping;
    private final JsonTokenizer tokenizer;
    private final boolean normalize;
    private final int unkId;
    private final int medianTokenLength;
    private final ObjectNode config;
    private final JsonNode tokenizerJson;
    private final String source;

    /**
     * A model over in-memory parts.
     *
     * @param embeddings [rows x dim] row-major
     * @param weights    per token id, or null
     * @param mapping    token id to embedding row, or null (then rows must equal the vocabulary size)
     * @param tokenizerJson the tokenizer.json content
     * @param config     config.json content (model2vec keys); {@code normalize} is read from it
     */
    public StaticModel(float[] embeddings, int rows, int dim, float[] weights, int[] mapping, JsonNode tokenizerJson,
                       ObjectNode config, String source) {
        if ((long) rows * dim != embeddings.length) {
            throw new ModelFormatException(source + ": embeddings hold " + embeddings.length + " values, expected " + rows + " x " + dim);
        }
        this.embeddings = embeddings;
        this.rows = rows;
        this.dim = dim;
        this.weights = weights;
        this.mapping = mapping;
        this.config = config.deepCopy();
        this.tokenizerJson = tokenizerJson.deepCopy();
        this.source = source;
        this.tokenizer = JsonTokenizer.parse(tokenizerJson.toString().getBytes(StandardCharsets.UTF_8), source + " tokenizer.json");
        this.normalize = config.path("normalize").asBoolean(false);
        this.unkId = unkId(tokenizerJson, tokenizer);
        int vocab = tokenizer.vocabSize();
        if (mapping == null && vocab != rows) {
            throw new ModelFormatException(source + ": the tokenizer has " + vocab + " tokens but the embedding matrix has " + rows + " rows");
        }
        if (mapping != null) {
            if (mapping.length != vocab) {
                throw new ModelFormatException(source + ": mapping has " + mapping.length + " entries, expected one per token (" + vocab + ")");
            }
            for (int m : mapping) {
                if (m < 0 || m >= rows) throw new ModelFormatException(source + ": mapping points at row " + m + " of " + rows);
            }
        }
        if (weights != null && weights.length != vocab) {
            throw new ModelFormatException(source + ": weights has " + weights.length + " entries, expected one per token (" + vocab + ")");
        }
        this.medianTokenLength = medianTokenLength(tokenizer);
    }

    /** Whether {@code dir} holds a static model in either layout. */
    public static boolean isStaticModel(Path dir) {
        try {
            return StaticModelFiles.locate(dir) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Loads a model2vec or sentence-transformers StaticEmbedding folder. */
    public static StaticModel load(Path dir) {
        StaticModelFiles files = StaticModelFiles.locate(dir);
        if (files == null) {
            throw new ModelFormatException(dir + " is not a static model folder: expected model.safetensors with an "
                    + "'embeddings' tensor and tokenizer.json (model2vec), or modules.json naming a StaticEmbedding module");
        }
        JsonNode tokenizerJson = readJson(files.tokenizer());
        ObjectNode config = files.config() != null && Files.isRegularFile(files.config())
                ? (ObjectNode) readJson(files.config()) : JSON.createObjectNode();
        if (!config.has("normalize")) config.put("normalize", files.normalizeModule());
        try (SafetensorsFile st = SafetensorsFile.open(files.weights())) {
            Tensor e = st.find("embeddings") != null ? st.find("embeddings") : st.find("embedding.weight");
            if (e == null) throw new ModelFormatException(files.weights() + " has no 'embeddings' or 'embedding.weight' tensor");
            if (e.rank() != 2) throw new ModelFormatException("Tensor " + e.name() + " in " + files.weights() + " has rank " + e.rank() + ", expected 2");
            float[] embeddings = floats(e);
            Tensor w = st.find("weights");
            Tensor m = st.find("mapping");
            return new StaticModel(embeddings, e.dim(0), e.dim(1), w == null ? null : floats(w), m == null ? null : ints(m),
                    tokenizerJson, config, dir.toString());
        }
    }

    public int dimension() {
        return dim;
    }

    public int vocabularySize() {
        return tokenizer.vocabSize();
    }

    public boolean normalize() {
        return normalize;
    }

    public JsonTokenizer tokenizer() {
        return tokenizer;
    }

    /** The tokenizer.json content. */
    public JsonNode tokenizerJson() {
        return tokenizerJson.deepCopy();
    }

    /** The config.json content. */
    public ObjectNode config() {
        return config.deepCopy();
    }

    /** model2vec's median token length (characters per token) used to pre-cut long texts. */
    public int medianTokenLength() {
        return medianTokenLength;
    }

    /** The id model2vec drops after tokenizing, or -1. */
    public int unkId() {
        return unkId;
    }

    /** A copy of embedding row {@code row}. */
    public float[] row(int row) {
        return Arrays.copyOfRange(embeddings, row * dim, (row + 1) * dim);
    }

    public float[] weights() {
        return weights == null ? null : weights.clone();
    }

    public int[] mapping() {
        return mapping == null ? null : mapping.clone();
    }

    public int rows() {
        return rows;
    }

    /** Embeds one text with the default max length. */
    public float[] encode(String text) {
        return encode(List.of(text)).getFirst();
    }

    /** Embeds texts with the default max length ({@value #DEFAULT_MAX_LENGTH} tokens). */
    public List<float[]> encode(List<String> texts) {
        return encode(texts, DEFAULT_MAX_LENGTH);
    }

    /** Embeds texts; {@code maxLength <= 0} means no limit. */
    public List<float[]> encode(List<String> texts, int maxLength) {
        List<int[]> ids = tokenize(texts, maxLength);
        List<float[]> out = new ArrayList<>(ids.size());
        for (int[] seq : ids) {
            double[] sum = new double[dim];
            for (int id : seq) addRow(id, sum);
            float[] v = new float[dim];
            if (seq.length > 0) {
                double norm = 0;
                for (int c = 0; c < dim; c++) {
                    sum[c] /= seq.length;
                    norm += sum[c] * sum[c];
                }
                double scale = normalize ? 1.0 / (Math.sqrt(norm) + 1e-32) : 1.0;
                for (int c = 0; c < dim; c++) v[c] = (float) (sum[c] * scale);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Per text, the vector of each kept token ([tokens][dim], weights applied, not normalised; no rows
     * for a text without tokens), as model2vec's {@code encode_as_sequence}; {@code maxLength <= 0}
     * means no limit (model2vec's default here).
     */
    public List<float[][]> encodeAsSequence(List<String> texts, int maxLength) {
        List<int[]> ids = tokenize(texts, maxLength);
        List<float[][]> out = new ArrayList<>(ids.size());
        for (int[] seq : ids) {
            float[][] vectors = new float[seq.length][];
            for (int t = 0; t < seq.length; t++) {
                double[] v = new double[dim];
                addRow(seq[t], v);
                vectors[t] = new float[dim];
                for (int c = 0; c < dim; c++) vectors[t][c] = (float) v[c];
            }
            out.add(vectors);
        }
        return out;
    }

    /** The token ids each text is embedded from (after cutting, truncation, padding, unknown removal). */
    public List<int[]> tokenize(List<String> texts, int maxLength) {
        TruncationConfig truncation = tokenizer.truncation();
        PaddingConfig padding = tokenizer.padding();
        List<int[]> out = new ArrayList<>(texts.size());
        for (int b0 = 0; b0 < texts.size(); b0 += BATCH_SIZE) {
            int b1 = Math.min(texts.size(), b0 + BATCH_SIZE);
            List<int[]> batch = new ArrayList<>(b1 - b0);
            int longest = 0;
            for (int i = b0; i < b1; i++) {
                String text = texts.get(i);
                if (maxLength > 0) text = firstCodePoints(text, (long) maxLength * medianTokenLength);
                int[] ids = tokenizer.encode(text, false, 0).ids();
                if (truncation != null && ids.length > truncation.maxLength()) {
                    ids = truncation.direction().equals("Left")
                            ? Arrays.copyOfRange(ids, ids.length - truncation.maxLength(), ids.length)
                            : Arrays.copyOf(ids, truncation.maxLength());
                }
                batch.add(ids);
                longest = Math.max(longest, ids.length);
            }
            for (int[] ids : batch) {
                if (padding != null) ids = pad(ids, padding, longest);
                int kept = 0;
                int[] clean = new int[ids.length];
                for (int id : ids) if (id != unkId) clean[kept++] = id;
                out.add(Arrays.copyOf(clean, maxLength > 0 ? Math.min(kept, maxLength) : kept));
            }
        }
        return out;
    }

    private static int[] pad(int[] ids, PaddingConfig padding, int longest) {
        int target = padding.fixedLength() > 0 ? padding.fixedLength() : longest;
        int multiple = padding.padToMultipleOf();
        if (multiple > 0 && target % multiple != 0) target += multiple - target % multiple;
        if (ids.length >= target) return ids;
        int[] out = new int[target];
        Arrays.fill(out, padding.padId());
        System.arraycopy(ids, 0, out, padding.direction().equals("Left") ? target - ids.length : 0, ids.length);
        return out;
    }

    private void addRow(int id, double[] sum) {
        if (id < 0 || id >= vocabularySize()) throw new IllegalStateException(source + ": token id " + id + " outside the vocabulary");
        int row = mapping == null ? id : mapping[id];
        double w = weights == null ? 1.0 : weights[id];
        int off = row * dim;
        for (int c = 0; c < dim; c++) sum[c] += embeddings[off + c] * w;
    }

    /** Python's {@code text[:n]}: the first n code points. */
    static String firstCodePoints(String text, long n) {
        if (n >= text.length()) return text;
        int end = text.offsetByCodePoints(0, (int) Math.min(n, text.codePointCount(0, text.length())));
        return text.substring(0, end);
    }

    /** {@code int(np.median([len(token) for token in vocabulary]))}, lengths in code points. */
    private static int medianTokenLength(JsonTokenizer tokenizer) {
        int n = tokenizer.vocabSize();
        int[] lengths = new int[n];
        int count = 0;
        for (int id = 0; id < n; id++) {
            String t = tokenizer.idToToken(id);
            if (t != null) lengths[count++] = t.codePointCount(0, t.length());
        }
        if (count == 0) return 0;
        Arrays.sort(lengths, 0, count);
        double median = count % 2 == 1 ? lengths[count / 2] : (lengths[count / 2 - 1] + lengths[count / 2]) / 2.0;
        return (int) median;
    }

    /**
     * The unknown token model2vec drops: the model's {@code unk_token} for WordPiece, BPE and
     * WordLevel. Python's tokenizers exposes no {@code unk_token} on a Unigram model, so model2vec
     * drops nothing there, and neither do we.
     */
    private static int unkId(JsonNode tokenizerJson, JsonTokenizer tokenizer) {
        JsonNode unk = tokenizerJson.path("model").get("unk_token");
        if (unk == null || unk.isNull() || tokenizerJson.path("model").path("type").asText("").equals("Unigram")) return -1;
        return tokenizer.tokenToId(unk.asText());
    }

    private static float[] floats(Tensor t) {
        if (t.dtype() == DType.I8) {
            byte[] bytes = t.data().toArray(ValueLayout.JAVA_BYTE);
            float[] out = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) out[i] = bytes[i];
            return out;
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new ModelFormatException("Tensor " + t.name() + " in " + t.source() + " has dtype " + t.dtype()
                    + ", expected F64, F32, F16, BF16 or I8");
        }
        return t.toFloatArray();
    }

    private static int[] ints(Tensor t) {
        int n = (int) t.numel();
        int[] out = new int[n];
        switch (t.dtype()) {
            case I64 -> {
                for (int i = 0; i < n; i++) out[i] = Math.toIntExact(t.data().getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i));
            }
            case I32 -> {
                for (int i = 0; i < n; i++) out[i] = t.data().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i);
            }
            default -> throw new ModelFormatException("Tensor " + t.name() + " in " + t.source() + " has dtype " + t.dtype()
                    + ", expected I64 or I32 for a token mapping");
        }
        return out;
    }

    static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StaticModel[" + source + ", " + vocabularySize() + " tokens x " + dim + "]";
    }
}
