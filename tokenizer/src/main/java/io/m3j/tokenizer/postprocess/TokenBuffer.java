package io.m3j.tokenizer.postprocess;

import io.m3j.tokenizer.Encoding;

import java.util.Arrays;

/**
 * A growable, mutable list of tokens with offsets, type ids and special flags: the encoding of one
 * sequence while it is truncated and post-processed. Scratch object of one encode call.
 */
public final class TokenBuffer {
    private int[] ids;
    private String[] tokens;
    private int[] starts;
    private int[] ends;
    private int[] typeIds;
    private int[] special;
    private int size;

    public TokenBuffer(int capacity) {
        int c = Math.max(4, capacity);
        ids = new int[c];
        tokens = new String[c];
        starts = new int[c];
        ends = new int[c];
        typeIds = new int[c];
        special = new int[c];
    }

    public void add(int id, String token, int start, int end, int typeId, boolean isSpecial) {
        if (size == ids.length) grow();
        ids[size] = id;
        tokens[size] = token;
        starts[size] = start;
        ends[size] = end;
        typeIds[size] = typeId;
        special[size] = isSpecial ? 1 : 0;
        size++;
    }

    /** Appends all of {@code other}. */
    public void addAll(TokenBuffer other) {
        for (int i = 0; i < other.size; i++) {
            add(other.ids[i], other.tokens[i], other.starts[i], other.ends[i], other.typeIds[i], other.special[i] == 1);
        }
    }

    private void grow() {
        int c = ids.length * 2;
        ids = Arrays.copyOf(ids, c);
        tokens = Arrays.copyOf(tokens, c);
        starts = Arrays.copyOf(starts, c);
        ends = Arrays.copyOf(ends, c);
        typeIds = Arrays.copyOf(typeIds, c);
        special = Arrays.copyOf(special, c);
    }

    public int size() {
        return size;
    }

    public int id(int i) {
        return ids[i];
    }

    public String token(int i) {
        return tokens[i];
    }

    public int start(int i) {
        return starts[i];
    }

    public int end(int i) {
        return ends[i];
    }

    public void setOffsets(int i, int start, int end) {
        starts[i] = start;
        ends[i] = end;
    }

    /** Sets every type id to {@code typeId}. */
    public void setTypeIds(int typeId) {
        Arrays.fill(typeIds, 0, size, typeId);
    }

    /** Keeps the first {@code length} tokens (truncation on the right). */
    public void truncate(int length) {
        if (length < size) size = Math.max(0, length);
    }

    public Encoding toEncoding() {
        int[] mask = new int[size];
        Arrays.fill(mask, 1);
        return new Encoding(Arrays.copyOf(ids, size), Arrays.copyOf(tokens, size), Arrays.copyOf(starts, size),
                Arrays.copyOf(ends, size), Arrays.copyOf(typeIds, size), Arrays.copyOf(special, size), mask);
    }
}
