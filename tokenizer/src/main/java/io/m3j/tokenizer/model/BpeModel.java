package io.m3j.tokenizer.model;

import io.m3j.tokenizer.Token;
import io.m3j.tokenizer.TokenizerFormatException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair-encoding model with the semantics of Hugging Face tokenizers' {@code BPE} model: a
 * piece is split into Unicode characters (each looked up in the vocabulary, with the optional
 * continuing-subword prefix on all but the first and the end-of-word suffix on the last), unknown
 * characters become byte-fallback tokens {@code <0xNN>} or the unknown token (optionally fused),
 * then the adjacent pair with the lowest merge rank is merged, leftmost first, until no pair can be
 * merged.
 *
 * <p>Merging uses a priority queue ordered by (rank, position) with lazy invalidation of stale
 * entries, so a piece of n characters costs O(n log n) and no recursion: a 10 MB piece is fine.
 *
 * <p>Differences from HF, all in offsets only: HF counts offsets in UTF-8 bytes of the piece and
 * derives them by adding up symbol lengths, so when a character is dropped (unknown and no
 * {@code unk_token}) the offsets of the following tokens shift. Here every token carries the true
 * UTF-16 span of the characters it came from; byte-fallback tokens of one character all span that
 * character.
 */
public final class BpeModel implements TokenizerModel {

    /** Pieces longer than this (in chars) are not cached: long pieces are rare and would bloat it. */
    private static final int MAX_CACHED_PIECE_LENGTH = 256;
    private static final int DEFAULT_CACHE_CAPACITY = 10_000;

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    private final MergeTable merges;
    /** Merge rank -> id of the merged token, to recognise stale queue entries (see {@link #mergeAll}). */
    private final int[] newIdByRank;
    private final String unkToken;
    private final String continuingSubwordPrefix;
    private final String endOfWordSuffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    /** Id of the single-char token c for BMP chars, -1 if absent; avoids a String per char. */
    private final int[] firstCharIds;
    /** Id of continuingSubwordPrefix + c for BMP chars (same as firstCharIds without a prefix). */
    private final int[] nextCharIds;
    /** Id of {@code <0xNN>} for each byte, -1 if absent. */
    private final int[] byteTokenIds;
    private final int cacheCapacity;
    private final ConcurrentHashMap<String, List<Token>> cache;

    private BpeModel(Builder b) {
        if (b.vocab == null) {
            throw new TokenizerFormatException("BPE model: the vocabulary is missing");
        }
        if (b.merges == null) {
            throw new TokenizerFormatException("BPE model: the merges are missing");
        }
        if (b.dropout != null && b.dropout != 0.0) {
            throw new TokenizerFormatException("BPE model: dropout " + b.dropout
                    + " is not supported (m3j is deterministic); expected null or 0");
        }
        this.vocab = Map.copyOf(b.vocab);
        this.unkToken = b.unkToken;
        this.continuingSubwordPrefix = b.continuingSubwordPrefix;
        this.endOfWordSuffix = b.endOfWordSuffix;
        this.fuseUnk = b.fuseUnk;
        this.byteFallback = b.byteFallback;
        this.ignoreMerges = b.ignoreMerges;

        int maxId = -1;
        for (Map.Entry<String, Integer> e : b.vocab.entrySet()) {
            int id = e.getValue();
            if (id < 0) {
                throw new TokenizerFormatException("BPE model: token \"" + e.getKey() + "\" has negative id " + id);
            }
            maxId = Math.max(maxId, id);
        }
        this.idToToken = new String[maxId + 1];
        // Iterate the caller's map so that, for duplicate ids, the first token in its order wins.
        for (Map.Entry<String, Integer> e : b.vocab.entrySet()) {
            if (idToToken[e.getValue()] == null) {
                idToToken[e.getValue()] = e.getKey();
            }
        }

        this.firstCharIds = new int[Character.MAX_VALUE + 1];
        this.nextCharIds = continuingSubwordPrefix == null ? firstCharIds : new int[Character.MAX_VALUE + 1];
        Arrays.fill(firstCharIds, -1);
        Arrays.fill(nextCharIds, -1);
        this.byteTokenIds = new int[256];
        Arrays.fill(byteTokenIds, -1);
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String token = e.getKey();
            if (token.length() == 1) {
                firstCharIds[token.charAt(0)] = e.getValue();
            }
            if (continuingSubwordPrefix != null && token.length() == continuingSubwordPrefix.length() + 1
                    && token.startsWith(continuingSubwordPrefix)) {
                nextCharIds[token.charAt(token.length() - 1)] = e.getValue();
            }
        }
        for (int i = 0; i < 256; i++) {
            Integer id = vocab.get(byteToken(i));
            if (id != null) {
                byteTokenIds[i] = id;
            }
        }

        int prefixBytes = continuingSubwordPrefix == null
                ? 0 : continuingSubwordPrefix.getBytes(StandardCharsets.UTF_8).length;
        this.merges = new MergeTable(b.merges.size());
        this.newIdByRank = new int[b.merges.size()];
        for (int rank = 0; rank < b.merges.size(); rank++) {
            String[] merge = b.merges.get(rank);
            if (merge == null || merge.length != 2 || merge[0] == null || merge[1] == null) {
                throw new TokenizerFormatException("BPE model: merge #" + rank
                        + " must be a pair of two tokens, found " + (merge == null ? "null" : Arrays.toString(merge)));
            }
            int left = requireMergeToken(rank, merge, merge[0]);
            int right = requireMergeToken(rank, merge, merge[1]);
            String merged = merge[0] + dropLeadingUtf8Bytes(rank, merge, merge[1], prefixBytes);
            int mergedId = requireMergeToken(rank, merge, merged);
            newIdByRank[rank] = mergedId;
            // A repeated pair keeps its last rank, as in HF (its merge map is filled in order).
            merges.put(left, right, rank, mergedId);
        }

        this.cacheCapacity = b.cacheCapacity;
        this.cache = b.cacheCapacity > 0 ? new ConcurrentHashMap<>() : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    private int requireMergeToken(int rank, String[] merge, String token) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw new TokenizerFormatException("BPE model: merge #" + rank + " (\"" + merge[0] + "\", \"" + merge[1]
                    + "\") refers to token \"" + token + "\", which is not in the vocabulary");
        }
        return id;
    }

    /**
     * The merged token is left + right without the continuing-subword prefix. HF cuts the prefix's
     * UTF-8 length off the right token whether or not it starts with the prefix; do the same.
     */
    private static String dropLeadingUtf8Bytes(int rank, String[] merge, String token, int count) {
        if (count == 0) {
            return token;
        }
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        if (count > utf8.length || (count < utf8.length && (utf8[count] & 0xC0) == 0x80)) {
            throw new TokenizerFormatException("BPE model: merge #" + rank + " (\"" + merge[0] + "\", \"" + merge[1]
                    + "\"): cannot remove the continuing-subword prefix from \"" + token + "\"");
        }
        return new String(utf8, count, utf8.length - count, StandardCharsets.UTF_8);
    }

    private static String byteToken(int b) {
        return String.format("<0x%02X>", b);
    }

    /**
     * Parses merges in the legacy tokenizer.json / merges.txt form: one {@code "a b"} string per
     * merge, lines starting with {@code #version} skipped; each must split on ' ' into exactly two
     * parts.
     */
    public static List<String[]> parseLegacyMerges(List<String> lines) {
        List<String[]> pairs = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (line.startsWith("#version")) {
                continue;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 2) {
                throw new TokenizerFormatException("BPE model: merge #" + pairs.size() + " \"" + line
                        + "\" must be two tokens separated by a single space");
            }
            pairs.add(parts);
        }
        return pairs;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    @Override
    public int vocabSize() {
        return idToToken.length; // ids may have gaps: the id space ends after the largest id
    }

    public String unkToken() {
        return unkToken;
    }

    public String continuingSubwordPrefix() {
        return continuingSubwordPrefix;
    }

    public String endOfWordSuffix() {
        return endOfWordSuffix;
    }

    public boolean fuseUnk() {
        return fuseUnk;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** The vocabulary (token -> id), unmodifiable. */
    public Map<String, Integer> vocab() {
        return vocab;
    }

    @Override
    public void tokenize(String piece, List<Token> out) {
        if (piece.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            Integer id = vocab.get(piece);
            if (id != null) {
                out.add(new Token(id, idToToken[id], 0, piece.length()));
                return;
            }
        }
        if (cache != null && piece.length() <= MAX_CACHED_PIECE_LENGTH) {
            List<Token> cached = cache.get(piece);
            if (cached == null) {
                cached = List.copyOf(merge(piece));
                // Bounded: once full, new pieces are simply not cached (like HF's cache).
                if (cache.size() < cacheCapacity) {
                    cache.putIfAbsent(piece, cached);
                }
            }
            out.addAll(cached);
            return;
        }
        out.addAll(merge(piece));
    }

    private List<Token> merge(String piece) {
        Word word = initialSymbols(piece);
        mergeAll(word);
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i != -1 && i < word.size; i = word.next[i]) {
            int id = word.ids[i];
            tokens.add(new Token(id, idToToken[id], word.starts[i], word.ends[i]));
        }
        return tokens;
    }

    /** Splits the piece into Unicode characters mapped to ids, handling unknowns (see class doc). */
    private Word initialSymbols(String piece) {
        Word word = new Word(piece.length());
        int n = piece.length();
        // A pending unknown token: HF adds it only when the next known char arrives (or at the end).
        int unkId = -1;
        int unkStart = 0;
        int unkEnd = 0;
        for (int i = 0; i < n; ) {
            int cp = piece.codePointAt(i);
            int end = i + Character.charCount(cp);
            boolean first = i == 0;
            boolean last = end == n;
            int id = charId(piece, i, end, first, last);
            if (id >= 0) {
                if (unkId >= 0) {
                    word.add(unkId, unkStart, unkEnd);
                    unkId = -1;
                }
                word.add(id, i, end);
            } else if (!(byteFallback && addByteFallback(word, piece, i, end, first, last))) {
                if (unkToken != null) {
                    if (unkId >= 0 && fuseUnk) {
                        unkEnd = end;
                    } else {
                        if (unkId >= 0) {
                            word.add(unkId, unkStart, unkEnd);
                        }
                        unkId = requireUnkId();
                        unkStart = i;
                        unkEnd = end;
                    }
                }
                // Without an unk token HF drops the character.
            }
            i = end;
        }
        if (unkId >= 0) {
            word.add(unkId, unkStart, unkEnd);
        }
        return word;
    }

    private int charId(String piece, int start, int end, boolean first, boolean last) {
        if (!(last && endOfWordSuffix != null) && end - start == 1) {
            return (first ? firstCharIds : nextCharIds)[piece.charAt(start)];
        }
        Integer id = vocab.get(symbolText(piece, start, end, first, last));
        return id == null ? -1 : id;
    }

    private String symbolText(String piece, int start, int end, boolean first, boolean last) {
        String s = piece.substring(start, end);
        if (!first && continuingSubwordPrefix != null) {
            s = continuingSubwordPrefix + s;
        }
        if (last && endOfWordSuffix != null) {
            s = s + endOfWordSuffix;
        }
        return s;
    }

    /**
     * Adds one {@code <0xNN>} token per UTF-8 byte of the symbol text (prefix and suffix included,
     * as HF does) if all of them are in the vocabulary. Note that HF does not flush a pending unknown
     * token here; neither do we.
     */
    private boolean addByteFallback(Word word, String piece, int start, int end, boolean first, boolean last) {
        byte[] utf8 = symbolText(piece, start, end, first, last).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (byteTokenIds[b & 0xFF] < 0) {
                return false;
            }
        }
        for (byte b : utf8) {
            word.add(byteTokenIds[b & 0xFF], start, end);
        }
        return true;
    }

    private int requireUnkId() {
        Integer id = vocab.get(unkToken);
        if (id == null) {
            throw new TokenizerFormatException("BPE model: the unknown token \"" + unkToken
                    + "\" is not in the vocabulary");
        }
        return id;
    }

    /**
     * Applies merges lowest rank first, leftmost first among equal ranks, like HF's
     * {@code Word::merge_all}. Queue entries are (rank, position of the left symbol); an entry is
     * stale when its left symbol was merged away or the pair now at its position does not merge into
     * the same token, and is then skipped.
     */
    private void mergeAll(Word w) {
        LongHeap queue = new LongHeap(Math.max(16, w.size));
        for (int i = 0; i + 1 < w.size; i++) {
            long m = merges.get(w.ids[i], w.ids[i + 1]);
            if (m != MergeTable.ABSENT) {
                queue.push(entry(MergeTable.rank(m), i));
            }
        }
        while (!queue.isEmpty()) {
            long top = queue.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (w.removed[pos] || w.next[pos] == -1) {
                continue;
            }
            int right = w.next[pos];
            int newId = newIdByRank[rank];
            long current = merges.get(w.ids[pos], w.ids[right]);
            if (current == MergeTable.ABSENT || MergeTable.newId(current) != newId) {
                continue;
            }
            w.ids[pos] = newId;
            w.ends[pos] = w.ends[right];
            w.next[pos] = w.next[right];
            w.removed[right] = true;
            if (w.next[pos] != -1) {
                w.prev[w.next[pos]] = pos;
            }
            int prev = w.prev[pos];
            if (prev != -1) {
                long m = merges.get(w.ids[prev], newId);
                if (m != MergeTable.ABSENT) {
                    queue.push(entry(MergeTable.rank(m), prev));
                }
            }
            if (w.next[pos] != -1) {
                long m = merges.get(newId, w.ids[w.next[pos]]);
                if (m != MergeTable.ABSENT) {
                    queue.push(entry(MergeTable.rank(m), pos));
                }
            }
        }
    }

    private static long entry(int rank, int pos) {
        return ((long) rank << 32) | pos;
    }

    /** The symbols of one piece as a doubly linked list over arrays. */
    private static final class Word {
        int[] ids;
        int[] starts;
        int[] ends;
        int[] prev;
        int[] next;
        boolean[] removed;
        int size;

        Word(int capacity) {
            capacity = Math.max(capacity, 4);
            ids = new int[capacity];
            starts = new int[capacity];
            ends = new int[capacity];
            prev = new int[capacity];
            next = new int[capacity];
            removed = new boolean[capacity];
        }

        void add(int id, int start, int end) {
            if (size == ids.length) {
                // Only byte fallback can produce more symbols than chars.
                int capacity = size * 2;
                ids = Arrays.copyOf(ids, capacity);
                starts = Arrays.copyOf(starts, capacity);
                ends = Arrays.copyOf(ends, capacity);
                prev = Arrays.copyOf(prev, capacity);
                next = Arrays.copyOf(next, capacity);
                removed = Arrays.copyOf(removed, capacity);
            }
            ids[size] = id;
            starts[size] = start;
            ends[size] = end;
            prev[size] = size - 1;
            next[size] = -1;
            if (size > 0) {
                next[size - 1] = size;
            }
            size++;
        }
    }

    /** Min-heap of longs. */
    private static final class LongHeap {
        private long[] heap;
        private int size;

        LongHeap(int capacity) {
            heap = new long[capacity];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long value) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= value) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = value;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            if (size > 0) {
                heap[i] = last;
            }
            return top;
        }
    }

    /** Open-addressing hash map (left id, right id) -> (rank, merged id), without boxing. */
    static final class MergeTable {
        static final long ABSENT = -1L;
        private static final long EMPTY_KEY = -1L;
        private final long[] keys;
        private final long[] values;
        private final int mask;

        MergeTable(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
            keys = new long[capacity];
            values = new long[capacity];
            Arrays.fill(keys, EMPTY_KEY);
            mask = capacity - 1;
        }

        static int rank(long value) {
            return (int) (value >>> 32);
        }

        static int newId(long value) {
            return (int) value;
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }

        private int slot(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 29)) & mask;
        }

        void put(int left, int right, int rank, int newId) {
            long key = key(left, right);
            int i = slot(key);
            while (keys[i] != EMPTY_KEY && keys[i] != key) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = ((long) rank << 32) | (newId & 0xFFFFFFFFL);
        }

        /** (rank << 32 | merged id), or {@link #ABSENT}. */
        long get(int left, int right) {
            long key = key(left, right);
            int i = slot(key);
            while (true) {
                long k = keys[i];
                if (k == key) {
                    return values[i];
                }
                if (k == EMPTY_KEY) {
                    return ABSENT;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /** Configuration of a {@link BpeModel}, with the tokenizer.json defaults. */
    public static final class Builder {
        private Map<String, Integer> vocab;
        private List<String[]> merges;
        private String unkToken;
        private String continuingSubwordPrefix;
        private String endOfWordSuffix;
        private boolean fuseUnk;
        private boolean byteFallback;
        private boolean ignoreMerges;
        private Double dropout;
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;

        private Builder() {
        }

        /** Token -> id. */
        public Builder vocab(Map<String, Integer> vocab) {
            this.vocab = vocab;
            return this;
        }

        /** Merges as (left, right) pairs; rank = position in the list. */
        public Builder merges(List<String[]> merges) {
            this.merges = merges;
            return this;
        }

        /** Merges in the legacy {@code "a b"} string form (see {@link #parseLegacyMerges}). */
        public Builder legacyMerges(List<String> merges) {
            this.merges = parseLegacyMerges(merges);
            return this;
        }

        public Builder unkToken(String unkToken) {
            this.unkToken = unkToken;
            return this;
        }

        public Builder continuingSubwordPrefix(String prefix) {
            this.continuingSubwordPrefix = prefix;
            return this;
        }

        public Builder endOfWordSuffix(String suffix) {
            this.endOfWordSuffix = suffix;
            return this;
        }

        public Builder fuseUnk(boolean fuseUnk) {
            this.fuseUnk = fuseUnk;
            return this;
        }

        public Builder byteFallback(boolean byteFallback) {
            this.byteFallback = byteFallback;
            return this;
        }

        public Builder ignoreMerges(boolean ignoreMerges) {
            this.ignoreMerges = ignoreMerges;
            return this;
        }

        /** BPE dropout: only null or 0 are accepted, anything else fails in {@link #build()}. */
        public Builder dropout(Double dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Maximum number of cached pieces; 0 disables the cache. */
        public Builder cacheCapacity(int cacheCapacity) {
            if (cacheCapacity < 0) {
                throw new IllegalArgumentException("cacheCapacity must be >= 0, got " + cacheCapacity);
            }
            this.cacheCapacity = cacheCapacity;
            return this;
        }

        public BpeModel build() {
            return new BpeModel(this);
        }
    }
}
