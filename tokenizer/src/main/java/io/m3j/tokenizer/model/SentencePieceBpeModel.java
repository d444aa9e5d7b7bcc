package io.m3j.tokenizer.model;

import io.m3j.tokenizer.Token;
import io.m3j.tokenizer.TokenizerFormatException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BPE model with the semantics of SentencePiece ({@code model_type: BPE}), applied to normalized
 * text (the {@code ▁} for spaces already in place):
 *
 * <ol>
 *   <li>The text is split into symbols: at each position the longest USER_DEFINED piece if one
 *       matches (such a symbol is frozen and never merged), else one Unicode character.</li>
 *   <li>Repeatedly, among adjacent pairs whose concatenation is a NORMAL, USER_DEFINED or UNUSED
 *       piece, the one with the highest piece score is merged; equal scores: the leftmost.</li>
 *   <li>A final symbol that is an UNUSED piece is split back into the two symbols it was last
 *       merged from (in this text), recursively.</li>
 *   <li>A symbol that is not a piece gets the unknown id. With byte fallback it becomes one
 *       {@code <0xNN>} token per UTF-8 byte; without, a run of consecutive unknown symbols becomes
 *       a single unknown token (as SentencePieceProcessor::Encode does for every model type).</li>
 * </ol>
 *
 * <p>Token values are what SentencePiece reports as the piece: the text of the symbol (for an
 * unknown token the unknown text itself, not {@code <unk>}), or {@code <0xNN>}. Offsets are UTF-16
 * indices into the piece; as in SentencePiece, the byte tokens of one character all start at it,
 * and only the last one ends after it (the others are empty).
 *
 * <p>Immutable and thread-safe. Merging is O(n log n) with no recursion over the input.
 */
public final class SentencePieceBpeModel implements TokenizerModel {

    private final String[] pieces;
    private final float[] scores;
    private final PieceType[] types;
    private final int unkId;
    private final boolean byteFallback;
    /** NORMAL, USER_DEFINED and UNUSED pieces: the ones merges may produce. */
    private final PieceTable mergeable;
    /** UNKNOWN, CONTROL and BYTE pieces, which SentencePiece looks up first when mapping to ids. */
    private final PieceTable reserved;
    /** USER_DEFINED pieces by first char, longest first. */
    private final Map<Character, String[]> userDefinedByFirstChar;
    private final int[] byteIds;

    /**
     * @param pieces       the vocabulary, id = index
     * @param scores       piece scores (higher merges first)
     * @param types        piece types
     * @param unkId        id of the UNKNOWN piece
     * @param byteFallback whether unknown characters become {@code <0xNN>} byte pieces
     */
    public SentencePieceBpeModel(List<String> pieces, float[] scores, PieceType[] types, int unkId,
                                 boolean byteFallback) {
        int n = pieces.size();
        if (scores.length != n || types.length != n) {
            throw new TokenizerFormatException("SentencePiece BPE model: " + n + " pieces but " + scores.length
                    + " scores and " + types.length + " types");
        }
        if (unkId < 0 || unkId >= n || types[unkId] != PieceType.UNKNOWN) {
            throw new TokenizerFormatException("SentencePiece BPE model: unknown id " + unkId
                    + " is not an UNKNOWN piece (vocabulary of " + n + " pieces)");
        }
        this.pieces = pieces.toArray(String[]::new);
        this.scores = scores.clone();
        this.types = types.clone();
        this.unkId = unkId;
        this.byteFallback = byteFallback;

        this.mergeable = new PieceTable(n);
        this.reserved = new PieceTable(n);
        Map<Character, List<String>> userDefined = new HashMap<>();
        for (int id = 0; id < n; id++) {
            String piece = this.pieces[id];
            PieceType type = types[id];
            if (piece == null || piece.isEmpty()) {
                throw new TokenizerFormatException("SentencePiece BPE model: piece " + id + " is empty");
            }
            if (type == null) {
                throw new TokenizerFormatException("SentencePiece BPE model: piece " + id + " has no type");
            }
            if (Float.isNaN(scores[id])) {
                throw new TokenizerFormatException("SentencePiece BPE model: piece " + id + " has a NaN score");
            }
            if (type == PieceType.UNKNOWN && id != unkId) {
                throw new TokenizerFormatException("SentencePiece BPE model: pieces " + unkId + " and " + id
                        + " are both UNKNOWN");
            }
            boolean isMergeable = type == PieceType.NORMAL || type == PieceType.USER_DEFINED
                    || type == PieceType.UNUSED;
            boolean added = (isMergeable ? mergeable : reserved).putIfAbsent(piece, id);
            if (!added) {
                throw new TokenizerFormatException("SentencePiece BPE model: piece " + id + " \"" + piece
                        + "\" is already defined");
            }
            if (type == PieceType.USER_DEFINED) {
                userDefined.computeIfAbsent(piece.charAt(0), c -> new ArrayList<>()).add(piece);
            }
        }
        this.userDefinedByFirstChar = new HashMap<>();
        for (Map.Entry<Character, List<String>> e : userDefined.entrySet()) {
            String[] sorted = e.getValue().toArray(String[]::new);
            Arrays.sort(sorted, (a, b) -> Integer.compare(b.length(), a.length()));
            userDefinedByFirstChar.put(e.getKey(), sorted);
        }
        this.byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            byteIds[b] = pieceToId(String.format("<0x%02X>", b));
        }
    }

    /** SentencePiece's PieceToId: reserved pieces first, then the others, else the unknown id. */
    private int pieceToId(String piece) {
        return idOf(piece, 0, piece.length());
    }

    @Override
    public int tokenToId(String token) {
        int id = reserved.get(token, 0, token.length());
        return id >= 0 ? id : mergeable.get(token, 0, token.length());
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : null;
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    public int unkId() {
        return unkId;
    }

    @Override
    public void tokenize(String text, List<Token> out) {
        if (text.isEmpty()) {
            return;
        }
        Symbols s = split(text);
        merge(text, s);
        emit(text, s, out);
    }

    /** The symbol list of one text: a doubly linked list over arrays; a merged-away symbol has length 0. */
    private static final class Symbols {
        final int[] start;
        final int[] length;
        final boolean[] frozen;
        final int[] prev;
        final int[] next;
        int size;
        /** For UNUSED pieces seen as merge candidates: piece text -> length of its left part. */
        Map<String, Integer> unusedSplits;

        Symbols(int capacity) {
            start = new int[capacity];
            length = new int[capacity];
            frozen = new boolean[capacity];
            prev = new int[capacity];
            next = new int[capacity];
        }
    }

    private Symbols split(String text) {
        Symbols s = new Symbols(text.length());
        int n = text.length();
        for (int i = 0; i < n; ) {
            int length = userDefinedMatch(text, i);
            boolean frozen = length > 0;
            if (!frozen) {
                length = Character.charCount(text.codePointAt(i));
            }
            int k = s.size++;
            s.start[k] = i;
            s.length[k] = length;
            s.frozen[k] = frozen;
            s.prev[k] = k - 1;
            i += length;
            s.next[k] = i < n ? k + 1 : -1;
        }
        return s;
    }

    private int userDefinedMatch(String text, int at) {
        if (userDefinedByFirstChar.isEmpty()) {
            return 0;
        }
        String[] candidates = userDefinedByFirstChar.get(text.charAt(at));
        if (candidates != null) {
            for (String c : candidates) {
                if (text.startsWith(c, at)) {
                    return c.length();
                }
            }
        }
        return 0;
    }

    /**
     * Merges best-scoring pairs first using a heap of candidate pairs (stale candidates, whose
     * symbols have changed since, are skipped when popped). For UNUSED results, remembers for each
     * piece string the split of its latest candidate, which {@link #emit} uses to resegment it.
     */
    private void merge(String text, Symbols s) {
        PairHeap agenda = new PairHeap(Math.max(16, s.size));
        for (int i = 1; i < s.size; i++) {
            addCandidate(text, s, i - 1, i, agenda);
        }
        while (!agenda.isEmpty()) {
            int left = agenda.topLeft();
            int size = agenda.topSize();
            agenda.pop();
            int right = s.next[left];
            if (s.length[left] == 0 || right == -1 || s.length[left] + s.length[right] != size) {
                continue;
            }
            s.length[left] += s.length[right];
            s.length[right] = 0;
            s.next[left] = s.next[right];
            if (s.next[right] >= 0) {
                s.prev[s.next[right]] = left;
            }
            addCandidate(text, s, s.prev[left], left, agenda);
            addCandidate(text, s, left, s.next[left], agenda);
        }
    }

    private void addCandidate(String text, Symbols s, int left, int right, PairHeap agenda) {
        if (left == -1 || right == -1 || s.frozen[left] || s.frozen[right]) {
            return;
        }
        int start = s.start[left];
        int size = s.length[left] + s.length[right];
        int id = mergeable.get(text, start, start + size);
        if (id < 0) {
            return;
        }
        agenda.push(scores[id], left, size);
        if (types[id] == PieceType.UNUSED) {
            if (s.unusedSplits == null) {
                s.unusedSplits = new HashMap<>();
            }
            // Keyed by text, latest candidate wins: SentencePiece's rev_merge does the same.
            s.unusedSplits.put(text.substring(start, start + size), s.length[left]);
        }
    }

    private void emit(String text, Symbols s, List<Token> out) {
        Map<String, Integer> unusedSplits = s.unusedSplits;
        // Pending run of unknown symbols (fused into one token when there is no byte fallback).
        int unkStart = -1;
        int unkEnd = -1;
        int[] stack = new int[8];
        for (int i = 0; i != -1; i = s.next[i]) {
            // Resegment UNUSED pieces depth-first, left part first, with an explicit stack of ranges.
            int top = 0;
            stack[top++] = s.start[i];
            stack[top++] = s.start[i] + s.length[i];
            while (top > 0) {
                int end = stack[--top];
                int start = stack[--top];
                int id = idOf(text, start, end);
                if (types[id] == PieceType.UNUSED && unusedSplits != null) {
                    Integer split = unusedSplits.get(text.substring(start, end));
                    if (split != null) {
                        if (top + 4 > stack.length) {
                            stack = Arrays.copyOf(stack, stack.length * 2);
                        }
                        stack[top++] = start + split;
                        stack[top++] = end;
                        stack[top++] = start;
                        stack[top++] = start + split;
                        continue;
                    }
                }
                if (id == unkId) {
                    if (byteFallback) {
                        addBytes(text, start, end, out);
                    } else if (unkStart >= 0) {
                        unkEnd = end;
                    } else {
                        unkStart = start;
                        unkEnd = end;
                    }
                    continue;
                }
                if (unkStart >= 0) {
                    out.add(new Token(unkId, text.substring(unkStart, unkEnd), unkStart, unkEnd));
                    unkStart = -1;
                }
                out.add(new Token(id, pieces[id], start, end));
            }
        }
        if (unkStart >= 0) {
            out.add(new Token(unkId, text.substring(unkStart, unkEnd), unkStart, unkEnd));
        }
    }

    /** SentencePiece's PieceToId of text[start, end): reserved pieces first, then the others, else unknown. */
    private int idOf(String text, int start, int end) {
        int id = reserved.get(text, start, end);
        if (id >= 0) {
            return id;
        }
        id = mergeable.get(text, start, end);
        return id >= 0 ? id : unkId;
    }

    private void addBytes(String text, int start, int end, List<Token> out) {
        byte[] utf8 = text.substring(start, end).getBytes(StandardCharsets.UTF_8);
        for (int k = 0; k < utf8.length; k++) {
            int id = byteIds[utf8[k] & 0xFF];
            boolean last = k == utf8.length - 1;
            out.add(new Token(id, String.format("<0x%02X>", utf8[k] & 0xFF), start, last ? end : start));
        }
    }

    /**
     * Max-heap of candidate merges ordered by score, then by leftmost position: the key packs the
     * score's order-preserving bits (inverted) above the left index; the merged size travels along.
     */
    private static final class PairHeap {
        private long[] keys;
        private int[] sizes;
        private int count;

        PairHeap(int capacity) {
            keys = new long[capacity];
            sizes = new int[capacity];
        }

        boolean isEmpty() {
            return count == 0;
        }

        int topLeft() {
            return (int) keys[0];
        }

        int topSize() {
            return sizes[0];
        }

        void push(float score, int left, int size) {
            int bits = Float.floatToIntBits(score == 0f ? 0f : score); // -0.0 == 0.0 as in C++
            int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
            long key = ((long) ~ordered << 32) | left;
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            int i = count++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] <= key) {
                    break;
                }
                keys[i] = keys[parent];
                sizes[i] = sizes[parent];
                i = parent;
            }
            keys[i] = key;
            sizes[i] = size;
        }

        void pop() {
            long key = keys[--count];
            int size = sizes[count];
            int i = 0;
            int half = count >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < count && keys[child + 1] < keys[child]) {
                    child++;
                }
                if (key <= keys[child]) {
                    break;
                }
                keys[i] = keys[child];
                sizes[i] = sizes[child];
                i = child;
            }
            if (count > 0) {
                keys[i] = key;
                sizes[i] = size;
            }
        }
    }

    /** Open-addressing map piece -> id that can look up a range of a string without copying it. */
    private static final class PieceTable {
        private final String[] keys;
        private final int[] ids;
        private final int mask;
        private final int shift;
        private int maxLength;

        PieceTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
            keys = new String[capacity];
            ids = new int[capacity];
            mask = capacity - 1;
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
        }

        /** Slot of a char range: polynomial hash spread by Fibonacci hashing (short pieces cluster otherwise). */
        private int slot(CharSequence s, int start, int end) {
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + s.charAt(i);
            }
            return (h * 0x9E3779B9) >>> shift;
        }

        boolean putIfAbsent(String piece, int id) {
            int i = slot(piece, 0, piece.length());
            while (keys[i] != null) {
                if (keys[i].equals(piece)) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            keys[i] = piece;
            ids[i] = id;
            maxLength = Math.max(maxLength, piece.length());
            return true;
        }

        /** The id of text[start, end), or -1. */
        int get(String text, int start, int end) {
            int length = end - start;
            if (length > maxLength) {
                return -1;
            }
            int i = slot(text, start, end);
            while (true) {
                String k = keys[i];
                if (k == null) {
                    return -1;
                }
                if (k.length() == length && text.regionMatches(start, k, 0, length)) {
                    return ids[i];
                }
                i = (i + 1) & mask;
            }
        }
    }
}
