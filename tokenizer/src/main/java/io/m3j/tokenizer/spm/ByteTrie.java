package io.m3j.tokenizer.spm;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * An immutable trie over byte strings for longest-prefix matching (SentencePiece's prefix matcher for
 * user-defined symbols). Each node's edges are sorted, so a step is a binary search.
 */
final class ByteTrie {
    private final int[] edgeStart;   // per node: first edge index; edges of node i are [edgeStart[i], edgeStart[i+1])
    private final byte[] edgeLabel;
    private final int[] edgeTarget;
    private final boolean[] terminal;

    ByteTrie(List<byte[]> keys) {
        List<TreeMap<Integer, Integer>> children = new ArrayList<>();
        List<Boolean> ends = new ArrayList<>();
        children.add(new TreeMap<>());
        ends.add(false);
        for (byte[] key : keys) {
            int node = 0;
            for (byte b : key) {
                int label = b & 0xFF;
                Integer next = children.get(node).get(label);
                if (next == null) {
                    next = children.size();
                    children.add(new TreeMap<>());
                    ends.add(false);
                    children.get(node).put(label, next);
                }
                node = next;
            }
            if (key.length > 0) ends.set(node, true);
        }
        int nodes = children.size();
        edgeStart = new int[nodes + 1];
        edgeLabel = new byte[nodes - 1];
        edgeTarget = new int[nodes - 1];
        terminal = new boolean[nodes];
        int e = 0;
        for (int i = 0; i < nodes; i++) {
            edgeStart[i] = e;
            terminal[i] = ends.get(i);
            for (var entry : children.get(i).entrySet()) {
                edgeLabel[e] = (byte) (int) entry.getKey();
                edgeTarget[e] = entry.getValue();
                e++;
            }
        }
        edgeStart[nodes] = e;
    }

    /** Length of the longest key that is a prefix of {@code s[from, to)}, or 0. */
    int longestPrefix(byte[] s, int from, int to) {
        int node = 0;
        int best = 0;
        for (int i = from; i < to; i++) {
            node = child(node, s[i]);
            if (node < 0) break;
            if (terminal[node]) best = i + 1 - from;
        }
        return best;
    }

    private int child(int node, byte b) {
        int lo = edgeStart[node];
        int hi = edgeStart[node + 1] - 1;
        int key = b & 0xFF;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int label = edgeLabel[mid] & 0xFF;
            if (label < key) lo = mid + 1;
            else if (label > key) hi = mid - 1;
            else return edgeTarget[mid];
        }
        return -1;
    }
}
