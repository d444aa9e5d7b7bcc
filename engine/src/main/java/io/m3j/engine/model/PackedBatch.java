package io.m3j.engine.model;

/**
 * Sequences laid end to end without padding: token {@code t} of sequence {@code s} is row
 * {@code start[s] + t}. Every row of the forward pass except attention is computed independently,
 * and attention stays within a sequence, so a sequence's result does not depend on its batch.
 *
 * @param typeIds token type ids per row, or null for all zeros
 * @param start   row offsets, {@code start.length == sequences + 1}
 */
public record PackedBatch(int[] tokenIds, int[] typeIds, int[] start) {

    public static PackedBatch of(int[][] sequences) {
        return of(sequences, null);
    }

    /** {@code typeIds} may be null (all zeros), or hold per sequence null or one type id per token. */
    public static PackedBatch of(int[][] sequences, int[][] typeIds) {
        int[] start = new int[sequences.length + 1];
        for (int s = 0; s < sequences.length; s++) start[s + 1] = start[s] + sequences[s].length;
        int[] ids = new int[start[sequences.length]];
        int[] types = null;
        for (int s = 0; s < sequences.length; s++) {
            System.arraycopy(sequences[s], 0, ids, start[s], sequences[s].length);
            if (typeIds != null && typeIds[s] != null) {
                if (types == null) types = new int[ids.length];
                System.arraycopy(typeIds[s], 0, types, start[s], sequences[s].length);
            }
        }
        return new PackedBatch(ids, types, start);
    }

    public int sequences() {
        return start.length - 1;
    }

    public int rows() {
        return tokenIds.length;
    }

    public int length(int s) {
        return start[s + 1] - start[s];
    }
}
