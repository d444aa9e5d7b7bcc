package io.m3j.tokenizer.spm;

import io.m3j.tokenizer.Encoding;

import java.util.Arrays;

/** Collects tokens into the parallel arrays of an {@link Encoding}. */
final class EncodingBuilder {
    private int[] ids;
    private String[] tokens;
    private int[] starts;
    private int[] ends;
    private int[] typeIds;
    private int[] special;
    private int size;

    EncodingBuilder(int capacity) {
        int c = Math.max(4, capacity);
        ids = new int[c];
        tokens = new String[c];
        starts = new int[c];
        ends = new int[c];
        typeIds = new int[c];
        special = new int[c];
    }

    void add(int id, String token, int start, int end, int typeId, boolean isSpecial) {
        if (size == ids.length) {
            int c = size * 2;
            ids = Arrays.copyOf(ids, c);
            tokens = Arrays.copyOf(tokens, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
            typeIds = Arrays.copyOf(typeIds, c);
            special = Arrays.copyOf(special, c);
        }
        ids[size] = id;
        tokens[size] = token;
        starts[size] = start;
        ends[size] = end;
        typeIds[size] = typeId;
        special[size] = isSpecial ? 1 : 0;
        size++;
    }

    Encoding build() {
        int[] attention = new int[size];
        Arrays.fill(attention, 1);
        return new Encoding(Arrays.copyOf(ids, size), Arrays.copyOf(tokens, size), Arrays.copyOf(starts, size),
                Arrays.copyOf(ends, size), Arrays.copyOf(typeIds, size), Arrays.copyOf(special, size), attention);
    }

    /**
     * Hugging Face's {@code longest_first} truncation: how many tokens of each sequence to keep so
     * that together they fit in {@code budget}. Returns {@code {keep1, keep2}}.
     */
    static int[] longestFirst(int n1, int n2, int budget) {
        if (n1 + n2 <= budget) return new int[]{n1, n2};
        boolean swap = n1 > n2;
        int a = swap ? n2 : n1; // the shorter
        int b;
        if (a > budget) {
            b = a;
        } else {
            b = Math.max(a, budget - a);
        }
        if (a + b > budget) {
            a = budget / 2;
            b = a + budget % 2;
        }
        int keepShort = Math.min(a, swap ? n2 : n1);
        int keepLong = Math.min(b, swap ? n1 : n2);
        return swap ? new int[]{keepLong, keepShort} : new int[]{keepShort, keepLong};
    }
}
