package io.m3j.engine.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** bge-m3 lexical weights: token ids in ascending order, each with its (positive) weight. */
public record SparseVector(int[] ids, float[] weights) {

    public SparseVector {
        if (ids.length != weights.length) throw new IllegalArgumentException("ids and weights differ in length");
        ids = ids.clone();
        weights = weights.clone();
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) throw new IllegalArgumentException("ids must be strictly ascending");
        }
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    public int size() {
        return ids.length;
    }

    /** The weight of {@code id}, or 0 when absent. */
    public float weight(int id) {
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? weights[i] : 0f;
    }

    /** FlagEmbedding's lexical matching score: the sum of {@code w_q * w_p} over shared ids. */
    public double dot(SparseVector other) {
        double s = 0;
        int i = 0, j = 0;
        while (i < ids.length && j < other.ids.length) {
            if (ids[i] < other.ids[j]) i++;
            else if (ids[i] > other.ids[j]) j++;
            else s += (double) weights[i++] * other.weights[j++];
        }
        return s;
    }

    public Map<Integer, Float> toMap() {
        Map<Integer, Float> m = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) m.put(ids[i], weights[i]);
        return m;
    }
}
