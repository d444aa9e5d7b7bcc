package io.m3j.engine.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Groups inputs into batches: sorted by length (so similar lengths share a batch and attention work
 * is balanced), each batch holding at most {@code maxTokens} tokens (an input longer than that is a
 * batch of its own) and at most {@code maxSequences} inputs. Batches list the callers' indices, so
 * results go back in the callers' order.
 */
public final class BatchPlanner {
    private BatchPlanner() {
    }

    public static List<int[]> plan(int[] lengths, int maxTokens) {
        return plan(lengths, maxTokens, Integer.MAX_VALUE);
    }

    public static List<int[]> plan(int[] lengths, int maxTokens, int maxSequences) {
        if (maxSequences < 1) throw new IllegalArgumentException("maxSequences must be >= 1, got " + maxSequences);
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> lengths[a] != lengths[b] ? Integer.compare(lengths[b], lengths[a]) : Integer.compare(a, b));
        List<int[]> batches = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long tokens = 0;
        for (int index : order) {
            if (!current.isEmpty() && (tokens + lengths[index] > maxTokens || current.size() == maxSequences)) {
                batches.add(toArray(current));
                current.clear();
                tokens = 0;
            }
            current.add(index);
            tokens += lengths[index];
        }
        if (!current.isEmpty()) batches.add(toArray(current));
        return batches;
    }

    private static int[] toArray(List<Integer> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i);
        return out;
    }
}
