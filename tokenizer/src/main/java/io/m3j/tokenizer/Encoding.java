package io.m3j.tokenizer;

import java.util.Arrays;

/**
 * The result of encoding one text (or a pair of texts).
 *
 * <p>Offsets are UTF-16 indices into the original Java string ({@code start} inclusive, {@code end}
 * exclusive). Special tokens added by post-processing and padding tokens have offsets (0, 0).
 *
 * @param ids               token ids
 * @param tokens            token strings (vocabulary form, e.g. {@code ▁Hello}, {@code ##ing})
 * @param starts            start offset of each token in the original text
 * @param ends              end offset of each token in the original text
 * @param typeIds           segment (token type) id of each token: 0 for the first text, 1 for the second
 * @param specialTokensMask 1 where the token was added by post-processing (or is padding), else 0
 * @param attentionMask     1 for real tokens, 0 for padding
 */
public record Encoding(int[] ids, String[] tokens, int[] starts, int[] ends, int[] typeIds,
                       int[] specialTokensMask, int[] attentionMask) {

    public Encoding {
        int n = ids.length;
        if (tokens.length != n || starts.length != n || ends.length != n || typeIds.length != n
                || specialTokensMask.length != n || attentionMask.length != n) {
            throw new IllegalArgumentException("Encoding arrays differ in length");
        }
    }

    /** Number of positions, padding included. */
    public int length() {
        return ids.length;
    }

    /** Number of non-padding positions. */
    public int realLength() {
        int n = 0;
        for (int m : attentionMask) n += m;
        return n;
    }

    /**
     * A copy padded on the right to {@code length} positions with {@code padId} / {@code padToken};
     * returns this encoding unchanged if it is already at least that long.
     */
    public Encoding padTo(int length, int padId, String padToken) {
        int n = ids.length;
        if (length <= n) return this;
        int[] newIds = Arrays.copyOf(ids, length);
        String[] newTokens = Arrays.copyOf(tokens, length);
        int[] newTypes = Arrays.copyOf(typeIds, length);
        int[] newSpecial = Arrays.copyOf(specialTokensMask, length);
        for (int i = n; i < length; i++) {
            newIds[i] = padId;
            newTokens[i] = padToken;
            newSpecial[i] = 1;
        }
        return new Encoding(newIds, newTokens, Arrays.copyOf(starts, length), Arrays.copyOf(ends, length),
                newTypes, newSpecial, Arrays.copyOf(attentionMask, length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(tokens, e.tokens)
                && Arrays.equals(starts, e.starts) && Arrays.equals(ends, e.ends)
                && Arrays.equals(typeIds, e.typeIds) && Arrays.equals(specialTokensMask, e.specialTokensMask)
                && Arrays.equals(attentionMask, e.attentionMask);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(tokens);
    }
}
