package io.m3j.tokenizer.model;

import io.m3j.tokenizer.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Unigram language-model tokenizer: picks the segmentation of a piece with the highest total
 * score (Viterbi), with an unknown token for characters no vocabulary entry starts with.
 *
 * <p>Two libraries define it, with small differences, so there are two factories:
 * <ul>
 *   <li>{@link #sentencePiece} reproduces SentencePiece's {@code unigram::Model::EncodeOptimized}
 *       (the default encoder of sentencepiece 0.1.9x/0.2.x) together with the post-processing of
 *       {@code SentencePieceProcessor} (fused unknown runs, byte fallback).</li>
 *   <li>{@link #huggingFace} reproduces Hugging Face tokenizers' {@code Unigram} model
 *       ({@code encode_optimized} + {@code tokenize}).</li>
 * </ul>
 *
 * <p>The search runs once over the text, left to right, keeping for every end position only the best
 * path that ends there; candidates come from a vocabulary trie, so the work is linear in the text
 * length times the length of the longest vocabulary entry, with no recursion.
 */
public final class UnigramModel implements TokenizerModel {
    private static final double UNK_PENALTY = 10.0;

    private final String[] vocab;
    private final Map<String, Integer> ids;
    private final CharTrie trie;
    private final boolean sentencePiece;
    private final double[] pieceScores;  // score used for a trie match; SentencePiece: already in its arithmetic
    private final float unkScoreFloat;   // SentencePiece arithmetic
    private final double unkScore;       // Hugging Face arithmetic
    private final int unkId;
    private final boolean byteFallback;
    private final int[] byteIds;         // id of <0xNN> per byte, -1 where missing
    private final String[] bytePieces;

    private UnigramModel(String[] vocab, Map<String, Integer> ids, CharTrie trie, boolean sentencePiece,
                         double[] pieceScores, float unkScoreFloat, double unkScore, int unkId, boolean byteFallback,
                         int[] byteIds) {
        this.vocab = vocab;
        this.ids = ids;
        this.trie = trie;
        this.sentencePiece = sentencePiece;
        this.pieceScores = pieceScores;
        this.unkScoreFloat = unkScoreFloat;
        this.unkScore = unkScore;
        this.unkId = unkId;
        this.byteFallback = byteFallback;
        this.byteIds = byteIds;
        this.bytePieces = new String[256];
        for (int b = 0; b < 256; b++) bytePieces[b] = String.format("<0x%02X>", b);
    }

    /**
     * A Unigram model with SentencePiece semantics, built from a {@code .model} vocabulary (index =
     * id):
     * <ul>
     *   <li>only NORMAL and USER_DEFINED pieces are ever matched (UNUSED, CONTROL, UNKNOWN and BYTE
     *       never are);</li>
     *   <li>the unknown score is {@code min(NORMAL scores) - 10}, in float;</li>
     *   <li>a USER_DEFINED piece scores {@code utf8Bytes * max(NORMAL scores) - 0.1}, where the maximum
     *       starts at {@code Float.MIN_VALUE} as in the library;</li>
     *   <li>path scores are stored as floats; a piece candidate is summed and compared in double, an
     *       unknown candidate in float (the library's C++ promotions), and the first candidate of an
     *       exact tie wins;</li>
     *   <li>consecutive unknown characters become one token (id {@code unkId}, value = their text);
     *       with {@code byteFallback} each unknown character instead becomes the {@code <0xNN>} pieces
     *       of its UTF-8 bytes, all but the last with an empty span (start = end).</li>
     * </ul>
     *
     * @param pieces       piece strings
     * @param scores       piece scores
     * @param types        piece types
     * @param unkId        the id of the UNKNOWN piece
     * @param byteFallback {@code trainer_spec.byte_fallback}; then all 256 BYTE pieces must exist
     */
    public static UnigramModel sentencePiece(List<String> pieces, float[] scores, List<PieceType> types, int unkId,
                                             boolean byteFallback) {
        int n = pieces.size();
        if (scores.length != n || types.size() != n) {
            throw new IllegalArgumentException("pieces, scores and types differ in length");
        }
        checkUnk(unkId, n);
        float minScore = Float.MAX_VALUE;
        float maxScore = Float.MIN_VALUE; // the library's FLT_MIN: the smallest positive float, kept on purpose
        for (int i = 0; i < n; i++) {
            if (types.get(i) == PieceType.NORMAL) {
                minScore = Math.min(minScore, scores[i]);
                maxScore = Math.max(maxScore, scores[i]);
            }
        }
        double[] pieceScores = new double[n];
        List<String> keys = new ArrayList<>();
        List<Integer> keyIds = new ArrayList<>();
        Map<String, Integer> matchable = new HashMap<>();
        int[] byteIds = new int[256];
        Arrays.fill(byteIds, -1);
        for (int i = 0; i < n; i++) {
            String piece = pieces.get(i);
            PieceType type = types.get(i);
            if (type == PieceType.NORMAL || type == PieceType.USER_DEFINED) {
                if (matchable.putIfAbsent(piece, i) != null) {
                    throw new IllegalArgumentException("piece '" + piece + "' is defined twice");
                }
                keys.add(piece);
                keyIds.add(i);
                // C++: (length * max_score_ - 0.1) is a double because of the 0.1 literal; the product is float.
                pieceScores[i] = type == PieceType.USER_DEFINED
                        ? (double) ((float) utf8Length(piece) * maxScore) - 0.1
                        : scores[i];
            } else if (type == PieceType.BYTE) {
                int b = byteOf(piece);
                if (b >= 0 && byteIds[b] < 0) byteIds[b] = i;
            }
        }
        if (byteFallback) {
            for (int b = 0; b < 256; b++) {
                if (byteIds[b] < 0) {
                    throw new IllegalArgumentException("byte fallback needs the byte piece " + String.format("<0x%02X>", b));
                }
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = n - 1; i >= 0; i--) ids.put(pieces.get(i), i); // first id wins, like PieceToId
        for (int i = 0; i < n; i++) {
            PieceType t = types.get(i);
            if (t == PieceType.CONTROL || t == PieceType.UNKNOWN || t == PieceType.BYTE) ids.put(pieces.get(i), i);
        }
        float unk = minScore - (float) UNK_PENALTY;
        return new UnigramModel(pieces.toArray(new String[0]), ids, CharTrie.build(keys, keyIds), true, pieceScores,
                unk, unk, unkId, byteFallback, byteIds);
    }

    /**
     * A Unigram model with Hugging Face tokenizers semantics ({@code models::unigram::Unigram}):
     * <ul>
     *   <li>every vocabulary entry can be matched, whatever it is (special tokens included); for a
     *       string listed twice the last id wins;</li>
     *   <li>the unknown score is {@code min(all scores) - 10}; all arithmetic in double; the first
     *       candidate of an exact tie wins;</li>
     *   <li>consecutive unknown characters are fused into one token (value = their text); with
     *       {@code byteFallback} that token becomes the {@code <0xNN>} tokens of its UTF-8 bytes, each
     *       spanning the whole fused text, if all of them are in the vocabulary, else it stays the
     *       unknown token.</li>
     * </ul>
     *
     * @param tokens       the vocabulary (index = id)
     * @param scores       the score of each token
     * @param unkId        the id of the unknown token, or -1 if there is none (then text with an
     *                     unknown character cannot be encoded)
     * @param byteFallback the model's {@code byte_fallback}
     */
    public static UnigramModel huggingFace(List<String> tokens, double[] scores, int unkId, boolean byteFallback) {
        int n = tokens.size();
        if (scores.length != n) throw new IllegalArgumentException("tokens and scores differ in length");
        if (n == 0) throw new IllegalArgumentException("the Unigram vocabulary is empty");
        if (unkId != -1) checkUnk(unkId, n);
        double minScore = Double.POSITIVE_INFINITY;
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ids.put(tokens.get(i), i); // last id wins, as in the Rust HashMap insert
            if (scores[i] < minScore) minScore = scores[i];
        }
        List<String> keys = new ArrayList<>(ids.size());
        List<Integer> keyIds = new ArrayList<>(ids.size());
        for (var e : ids.entrySet()) {
            if (e.getKey().isEmpty()) continue;
            keys.add(e.getKey());
            keyIds.add(e.getValue());
        }
        int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) byteIds[b] = ids.getOrDefault(String.format("<0x%02X>", b), -1);
        double unk = minScore - UNK_PENALTY;
        return new UnigramModel(tokens.toArray(new String[0]), ids, CharTrie.build(keys, keyIds), false,
                scores.clone(), (float) unk, unk, unkId, byteFallback, byteIds);
    }

    private static void checkUnk(int unkId, int n) {
        if (unkId < 0 || unkId >= n) {
            throw new IllegalArgumentException("unk id " + unkId + " is outside the vocabulary of " + n);
        }
    }

    @Override
    public void tokenize(String text, List<Token> out) {
        int n = text.length();
        if (n == 0) return;
        int[] startAt = new int[n + 1];
        int[] idAt = new int[n + 1];
        Arrays.fill(startAt, -1);
        if (sentencePiece) viterbiSentencePiece(text, startAt, idAt);
        else viterbiHuggingFace(text, startAt, idAt);

        int count = 0;
        for (int end = n; end > 0; end = startAt[end]) count++;
        int[] starts = new int[count];
        int[] nodeIds = new int[count];
        int k = count;
        for (int end = n; end > 0; end = startAt[end]) {
            k--;
            starts[k] = startAt[end];
            nodeIds[k] = idAt[end];
        }
        emit(text, starts, nodeIds, out);
    }

    private void viterbiSentencePiece(String text, int[] startAt, int[] idAt) {
        int n = text.length();
        float[] best = new float[n + 1];
        for (int start = 0; start < n; ) {
            int charLen = charLength(text, start);
            float here = best[start];
            boolean hasSingleChar = false;
            int node = 0;
            for (int k = start; k < n; k++) {
                node = trie.child(node, text.charAt(k));
                if (node < 0) break;
                int id = trie.value(node);
                if (id < 0 || splitsPair(text, k + 1)) continue;
                int end = k + 1;
                double candidate = pieceScores[id] + (double) here;
                if (startAt[end] < 0 || candidate > best[end]) {
                    best[end] = (float) candidate;
                    startAt[end] = start;
                    idAt[end] = id;
                }
                if (end - start == charLen) hasSingleChar = true;
            }
            if (!hasSingleChar) {
                int end = start + charLen;
                float candidate = unkScoreFloat + here;
                if (startAt[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    startAt[end] = start;
                    idAt[end] = unkId;
                }
            }
            start += charLen;
        }
    }

    private void viterbiHuggingFace(String text, int[] startAt, int[] idAt) {
        int n = text.length();
        double[] best = new double[n + 1];
        for (int start = 0; start < n; ) {
            int charLen = charLength(text, start);
            double here = best[start];
            boolean hasSingleChar = false;
            int node = 0;
            for (int k = start; k < n; k++) {
                node = trie.child(node, text.charAt(k));
                if (node < 0) break;
                int id = trie.value(node);
                if (id < 0 || splitsPair(text, k + 1)) continue;
                int end = k + 1;
                double candidate = pieceScores[id] + here;
                if (startAt[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    startAt[end] = start;
                    idAt[end] = id;
                }
                if (end - start == charLen) hasSingleChar = true;
            }
            if (!hasSingleChar) {
                if (unkId < 0) {
                    throw new IllegalArgumentException("Unigram model without unk token cannot encode the character U+"
                            + Integer.toHexString(text.codePointAt(start)).toUpperCase() + " at index " + start);
                }
                int end = start + charLen;
                double candidate = unkScore + here;
                if (startAt[end] < 0 || candidate > best[end]) {
                    best[end] = candidate;
                    startAt[end] = start;
                    idAt[end] = unkId;
                }
            }
            start += charLen;
        }
    }

    private void emit(String text, int[] starts, int[] nodeIds, List<Token> out) {
        int count = starts.length;
        int n = text.length();
        for (int i = 0; i < count; i++) {
            int start = starts[i];
            int id = nodeIds[i];
            if (id != unkId) {
                int end = i + 1 < count ? starts[i + 1] : n;
                out.add(new Token(id, vocab[id], start, end));
                continue;
            }
            if (sentencePiece && byteFallback) {
                int end = i + 1 < count ? starts[i + 1] : n;
                addBytes(text, start, end, false, out);
                continue;
            }
            // A run of unknown characters becomes one token.
            int j = i;
            while (j + 1 < count && nodeIds[j + 1] == unkId) j++;
            int end = j + 1 < count ? starts[j + 1] : n;
            i = j;
            String surface = text.substring(start, end);
            if (!sentencePiece) {
                Integer known = ids.get(surface);
                if (known != null) {
                    out.add(new Token(known, surface, start, end));
                    continue;
                }
                if (byteFallback && allBytesKnown(surface)) {
                    addBytes(text, start, end, true, out);
                    continue;
                }
            }
            out.add(new Token(unkId, surface, start, end));
        }
    }

    /** The byte pieces of {@code text[start, end)}: each spans all of it (HF) or only the last does (SentencePiece). */
    private void addBytes(String text, int start, int end, boolean eachSpansAll, List<Token> out) {
        byte[] bytes = utf8(text, start, end);
        for (int j = 0; j < bytes.length; j++) {
            int b = bytes[j] & 0xFF;
            boolean last = j == bytes.length - 1;
            out.add(new Token(byteIds[b], bytePieces[b], start, eachSpansAll || last ? end : start));
        }
    }

    private boolean allBytesKnown(String surface) {
        for (byte b : utf8(surface, 0, surface.length())) {
            if (byteIds[b & 0xFF] < 0) return false;
        }
        return true;
    }

    /** UTF-8 of {@code s[start, end)} with a lone surrogate encoded as U+FFFD (Java would write '?'). */
    private static byte[] utf8(String s, int start, int end) {
        StringBuilder clean = null;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (charLength(s, i) == 2 && i + 1 < end) {
                i++;
                continue;
            }
            if (clean == null) clean = new StringBuilder(s.substring(start, end));
            clean.setCharAt(i - start, '\uFFFD');
        }
        return (clean != null ? clean.toString() : s.substring(start, end)).getBytes(StandardCharsets.UTF_8);
    }

    private static int charLength(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                ? 2 : 1;
    }

    /** True if {@code end} falls between the two halves of a surrogate pair (never a valid token end). */
    private static boolean splitsPair(String s, int end) {
        return end < s.length() && Character.isLowSurrogate(s.charAt(end)) && Character.isHighSurrogate(s.charAt(end - 1));
    }

    private static int utf8Length(String s) {
        int len = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) len += 1;
            else if (c < 0x800) len += 2;
            else if (charLength(s, i) == 2) {
                len += 4;
                i++;
            } else len += 3;
        }
        return len;
    }

    private static int byteOf(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') return -1;
        int hi = Character.digit(piece.charAt(3), 16);
        int lo = Character.digit(piece.charAt(4), 16);
        if (hi < 0 || lo < 0) return -1;
        int b = hi * 16 + lo;
        return String.format("<0x%02X>", b).equals(piece) ? b : -1;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < vocab.length ? vocab[id] : null;
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    /** The id of the unknown token, or -1. */
    public int unkId() {
        return unkId;
    }

    /**
     * A trie over UTF-16 strings, flattened into arrays: node i's edges are
     * {@code [edgeStart[i], edgeStart[i+1])}, sorted by label. The root's edges are also in a direct
     * table because nearly every lookup starts there.
     */
    private static final class CharTrie {
        private final int[] edgeStart;
        private final char[] edgeLabel;
        private final int[] edgeTarget;
        private final int[] value;
        private final int[] rootChild;

        private CharTrie(int[] edgeStart, char[] edgeLabel, int[] edgeTarget, int[] value) {
            this.edgeStart = edgeStart;
            this.edgeLabel = edgeLabel;
            this.edgeTarget = edgeTarget;
            this.value = value;
            this.rootChild = new int[65536];
            Arrays.fill(rootChild, -1);
            for (int e = edgeStart[0]; e < edgeStart[1]; e++) rootChild[edgeLabel[e]] = edgeTarget[e];
        }

        /** Builds the trie of non-empty, distinct {@code keys} with values {@code ids}, breadth first. */
        static CharTrie build(List<String> keys, List<Integer> ids) {
            int m = keys.size();
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> keys.get(a).compareTo(keys.get(b)));
            String[] sorted = new String[m];
            int[] sortedIds = new int[m];
            long totalChars = 1;
            for (int i = 0; i < m; i++) {
                sorted[i] = keys.get(order[i]);
                sortedIds[i] = ids.get(order[i]);
                totalChars += sorted[i].length();
            }
            if (totalChars > Integer.MAX_VALUE / 2) throw new IllegalArgumentException("vocabulary too large");
            int maxNodes = (int) totalChars;
            int[] lo = new int[maxNodes];
            int[] hi = new int[maxNodes];
            int[] depth = new int[maxNodes];
            int[] edgeStart = new int[maxNodes + 1];
            char[] edgeLabel = new char[maxNodes];
            int[] edgeTarget = new int[maxNodes];
            int[] value = new int[maxNodes];
            Arrays.fill(value, -1);
            int nodes = 1;
            int edges = 0;
            lo[0] = 0;
            hi[0] = m;
            for (int q = 0; q < nodes; q++) {
                int d = depth[q];
                int i = lo[q];
                int end = hi[q];
                if (i < end && sorted[i].length() == d) value[q] = sortedIds[i++];
                edgeStart[q] = edges;
                while (i < end) {
                    char c = sorted[i].charAt(d);
                    int j = i + 1;
                    while (j < end && sorted[j].charAt(d) == c) j++;
                    lo[nodes] = i;
                    hi[nodes] = j;
                    depth[nodes] = d + 1;
                    edgeLabel[edges] = c;
                    edgeTarget[edges] = nodes;
                    edges++;
                    nodes++;
                    i = j;
                }
            }
            edgeStart[nodes] = edges;
            return new CharTrie(Arrays.copyOf(edgeStart, nodes + 1), Arrays.copyOf(edgeLabel, edges),
                    Arrays.copyOf(edgeTarget, edges), Arrays.copyOf(value, nodes));
        }

        int child(int node, char c) {
            if (node == 0) return rootChild[c];
            int a = edgeStart[node];
            int b = edgeStart[node + 1] - 1;
            while (a <= b) {
                int mid = (a + b) >>> 1;
                char label = edgeLabel[mid];
                if (label < c) a = mid + 1;
                else if (label > c) b = mid - 1;
                else return edgeTarget[mid];
            }
            return -1;
        }

        int value(int node) {
            return value[node];
        }
    }
}
