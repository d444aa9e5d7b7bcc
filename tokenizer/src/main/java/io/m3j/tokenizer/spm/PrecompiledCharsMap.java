package io.m3j.tokenizer.spm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;

/**
 * SentencePiece's precompiled normalization map ({@code NormalizerSpec.precompiled_charsmap}), as
 * used by SentencePiece's normalizer and by Hugging Face's {@code Precompiled} normalizer.
 *
 * <p>The blob is a little-endian uint32 giving the size in bytes of a darts-clone double-array trie,
 * the trie's 32-bit units, then the replacement strings, each terminated by NUL. A trie key is a UTF-8
 * byte sequence; its value is the byte offset of its replacement string.
 *
 * <p>{@link #parse} walks every node reachable from the root once, so a corrupt blob (a leaf pointing
 * outside the strings, a string without terminator) is rejected up front; lookups additionally
 * treat any unit index outside the array as "no such child", which is what a well-formed array never
 * needs. Lookups return {@code ((long) matchLengthInBytes << 32) | replacementIndex}, or 0 if
 * nothing matches.
 */
public final class PrecompiledCharsMap {
    private static final PrecompiledCharsMap EMPTY = new PrecompiledCharsMap(new int[0], new byte[0], new int[0],
            new String[0], new byte[0][]);

    private final int[] units;
    private final byte[] strings;
    // replacement index (byte offset into strings) -> slot in the decoded caches, -1 if not a leaf value
    private final int[] slotOfIndex;
    private final String[] decoded;
    private final byte[][] decodedBytes;

    private PrecompiledCharsMap(int[] units, byte[] strings, int[] slotOfIndex, String[] decoded,
                                byte[][] decodedBytes) {
        this.units = units;
        this.strings = strings;
        this.slotOfIndex = slotOfIndex;
        this.decoded = decoded;
        this.decodedBytes = decodedBytes;
    }

    /** A map with no rules: nothing ever matches. */
    public static PrecompiledCharsMap empty() {
        return EMPTY;
    }

    /**
     * Parses a precompiled charsmap blob.
     *
     * @throws IllegalArgumentException with the reason, if the blob is corrupt or truncated
     */
    public static PrecompiledCharsMap parse(byte[] blob) {
        if (blob.length <= 4) {
            throw new IllegalArgumentException("blob of " + blob.length + " bytes is too short for the 4-byte trie size");
        }
        long trieSize = (blob[0] & 0xFFL) | (blob[1] & 0xFFL) << 8 | (blob[2] & 0xFFL) << 16 | (blob[3] & 0xFFL) << 24;
        if (trieSize == 0 || trieSize % 4 != 0) {
            throw new IllegalArgumentException("trie size " + trieSize + " is not a positive multiple of 4");
        }
        if (trieSize > blob.length - 4L) {
            throw new IllegalArgumentException("trie size " + trieSize + " exceeds the " + (blob.length - 4)
                    + " bytes after the size field");
        }
        int n = (int) (trieSize / 4);
        int[] units = new int[n];
        for (int i = 0; i < n; i++) {
            int p = 4 + 4 * i;
            units[i] = (blob[p] & 0xFF) | (blob[p + 1] & 0xFF) << 8 | (blob[p + 2] & 0xFF) << 16 | (blob[p + 3] & 0xFF) << 24;
        }
        byte[] strings = Arrays.copyOfRange(blob, 4 + (int) trieSize, blob.length);
        int[] slotOfIndex = new int[strings.length];
        Arrays.fill(slotOfIndex, -1);
        int slots = collectLeafValues(units, strings, slotOfIndex);
        String[] decoded = new String[slots];
        byte[][] decodedBytes = new byte[slots][];
        for (int index = 0; index < strings.length; index++) {
            int slot = slotOfIndex[index];
            if (slot < 0) continue;
            int end = index;
            while (strings[end] != 0) end++; // terminated: checked in collectLeafValues
            decodedBytes[slot] = Arrays.copyOfRange(strings, index, end);
            decoded[slot] = new String(decodedBytes[slot], StandardCharsets.UTF_8);
        }
        return new PrecompiledCharsMap(units, strings, slotOfIndex, decoded, decodedBytes);
    }

    /**
     * Visits every node reachable from the root (iteratively, each node once) and checks that every
     * leaf value points at a NUL-terminated string. Marks each distinct value in {@code slotOfIndex}
     * and returns how many there are.
     */
    private static int collectLeafValues(int[] units, byte[] strings, int[] slotOfIndex) {
        int n = units.length;
        int slots = 0;
        BitSet visited = new BitSet(n);
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.push(0);
        visited.set(0);
        while (!todo.isEmpty()) {
            int node = todo.pop();
            int base = node ^ offset(units[node]);
            if (hasLeaf(units[node])) {
                if (Integer.compareUnsigned(base, n) >= 0) {
                    throw new IllegalArgumentException("leaf of trie unit " + node + " lies outside the "
                            + n + " units");
                }
                int value = units[base] & 0x7FFF_FFFF;
                if (value >= strings.length) {
                    throw new IllegalArgumentException("trie value " + value + " points past the "
                            + strings.length + " bytes of replacement strings");
                }
                if (slotOfIndex[value] < 0) {
                    int end = value;
                    while (end < strings.length && strings[end] != 0) end++;
                    if (end == strings.length) {
                        throw new IllegalArgumentException("replacement string at " + value + " is not NUL-terminated");
                    }
                    slotOfIndex[value] = slots++;
                }
            }
            for (int c = 0; c < 256; c++) { // label 0 too: a corrupt array may use it
                int child = base ^ c;
                if (Integer.compareUnsigned(child, n) >= 0) continue;
                if (label(units[child]) != c) continue;
                if (!visited.get(child)) {
                    visited.set(child);
                    todo.push(child);
                }
            }
        }
        return slots;
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    // The label of a value (leaf) unit has bit 31 set, so it never equals a byte.
    private static int label(int unit) {
        return unit & 0x8000_00FF;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /**
     * The longest key that is a prefix of {@code utf8[from, to)}, as SentencePiece's normalizer
     * chooses it. Returns 0 if none, else {@code ((long) matchLengthInBytes << 32) | replacementIndex}.
     */
    public long longestMatch(byte[] utf8, int from, int to) {
        return search(utf8, from, to, false);
    }

    /**
     * The shortest key that is a prefix of {@code utf8[from, to)} (the first common-prefix-search
     * result, which Hugging Face's {@code Precompiled} normalizer uses). Same encoding as
     * {@link #longestMatch}.
     */
    public long firstMatch(byte[] utf8, int from, int to) {
        return search(utf8, from, to, true);
    }

    private long search(byte[] key, int from, int to, boolean first) {
        int n = units.length;
        if (n == 0) return 0;
        long best = 0;
        int id = offset(units[0]);
        for (int i = from; i < to; i++) {
            int c = key[i] & 0xFF;
            id ^= c;
            if (Integer.compareUnsigned(id, n) >= 0) return best;
            int unit = units[id];
            if (label(unit) != c) return best;
            id ^= offset(unit);
            if (hasLeaf(unit)) {
                if (Integer.compareUnsigned(id, n) >= 0) return best;
                int value = units[id] & 0x7FFF_FFFF;
                best = ((long) (i + 1 - from) << 32) | value;
                if (first) return best;
            }
        }
        return best;
    }

    /** The replacement string at {@code replacementIndex} (a value returned by a match), decoded from UTF-8. */
    public String replacement(int replacementIndex) {
        return decoded[slot(replacementIndex)];
    }

    /** The UTF-8 bytes of the replacement at {@code replacementIndex}; callers must not modify them. */
    byte[] replacementBytes(int replacementIndex) {
        return decodedBytes[slot(replacementIndex)];
    }

    private int slot(int replacementIndex) {
        int slot = replacementIndex >= 0 && replacementIndex < slotOfIndex.length ? slotOfIndex[replacementIndex] : -1;
        if (slot < 0) {
            throw new IllegalArgumentException(replacementIndex + " is not the index of a replacement string");
        }
        return slot;
    }

    /** True if the map has no rules. */
    public boolean isEmpty() {
        return units.length == 0;
    }
}
