package io.m3j.engine.kernel.gemm;

/**
 * The three inner steps of streaming (online-softmax) scaled dot-product attention for one
 * (sequence, head): scores of a block of queries against a block of keys, the softmax update of
 * those scores, and the probability-weighted sum of the block's values into the running output.
 * The caller owns the loop over query and key blocks (see {@code Encoder}), so no
 * [length x length] matrix is ever held.
 *
 * <p>Keys are read transposed in panels of {@link #KEY_ALIGN} keys: feature c of key j is at
 * {@code kt[(j / KEY_ALIGN) · KEY_ALIGN · d + c · KEY_ALIGN + j % KEY_ALIGN]}, so a score row is a
 * sum of whole key vectors scaled by one query feature each (the kernels broadcast and
 * multiply-add, no horizontal sums), and a panel is one contiguous run (a plain [d][length] copy
 * puts consecutive features a whole row apart, and at long lengths those rows alias in the L1
 * cache). Queries are read in place from the fused {@code [q | k | v]} rows (row stride
 * {@code qStride}); values from rows {@code vStride} apart, best a contiguous [length][d] copy.
 *
 * <p>Determinism: a score is {@code scale · (FMA chain over features c = 0..d-1 from 0)}; an
 * output element is {@code out · rescale} followed by an FMA chain over keys in order; the softmax
 * uses the GEMM's own {@code exp}. So every number depends only on its own sequence and head,
 * never on batch composition or threads. The scalar and Panama forms give the same scores and
 * outputs bit for bit given the same probabilities; the probability row sums are added in lanes
 * (Panama) or in order (scalar), so the two families differ in the last bits.
 */
public interface Attention {

    /**
     * Key blocks handed to {@link #scores} are whole multiples of this many keys (the transposed
     * key buffer is zero-padded to it), so the score kernels work on whole vectors.
     */
    int KEY_ALIGN = 32;

    /** Index in {@code kt} of feature 0 of key {@code key}; feature c is {@code c · KEY_ALIGN} further. */
    static int keyIndex(int key, int headSize) {
        return (key / KEY_ALIGN) * KEY_ALIGN * headSize + key % KEY_ALIGN;
    }

    /** {@code keys} rounded up to whole panels of {@link #KEY_ALIGN}. */
    static int paddedKeys(int keys) {
        return (keys + KEY_ALIGN - 1) / KEY_ALIGN * KEY_ALIGN;
    }

    /**
     * {@code s[i·sStride + j] = scale · Σ_c q[qOff + i·qStride + c] · key(k0 + j)[c]} for i < n,
     * j < kb, c < d, with keys in the panel layout above; {@code k0} and {@code kb} must be
     * multiples of {@link #KEY_ALIGN} ({@code kb} positive).
     */
    void scores(float[] q, int qOff, int qStride, int n, float[] kt, int k0, int kb, int d,
                float scale, float[] s, int sStride);

    /**
     * Online softmax step over the first {@code kb} scores of rows i < n: with
     * {@code m' = max(max[i], max_j s)}, sets {@code s = exp(s - m')} in place,
     * {@code rescale[i] = exp(max[i] - m')} (0 while {@code max[i]} is -infinity),
     * {@code sum[i] = sum[i] · rescale[i] + Σ_j s} and {@code max[i] = m'}.
     */
    void softmax(float[] s, int sStride, int n, int kb, float[] max, float[] sum, float[] rescale);

    /**
     * {@code out[i·d + c] = out[i·d + c] · rescale[i] + Σ_{j<kb} p[i·pStride + j] · v[vOff + j·vStride + c]}
     * for i < n, c < d.
     */
    void accumulate(float[] p, int pStride, int n, int kb, float[] v, int vOff, int vStride, int d,
                    float[] rescale, float[] out);

    /** Plain-Java implementation. */
    static Attention scalar() {
        return ScalarAttention.INSTANCE;
    }

    /**
     * Vector API implementation.
     *
     * @throws UnsupportedOperationException if {@link Gemm#panamaAvailable()} is false
     */
    static Attention panama() {
        if (!Gemm.panamaAvailable()) {
            throw new UnsupportedOperationException("Attention.panama(): needs module jdk.incubator.vector "
                    + "(--add-modules jdk.incubator.vector) and FP32 vectors of at least 4 lanes");
        }
        return PanamaSupport.createAttention();
    }
}
