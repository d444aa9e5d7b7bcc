package io.m3j.engine.model;

import io.m3j.engine.io.Tensor;
import io.m3j.engine.io.Weights;
import io.m3j.engine.kernel.Kernels;
import io.m3j.engine.kernel.gemm.Epilogue;
import io.m3j.engine.kernel.gemm.Gemm;
import io.m3j.engine.kernel.gemm.PackedWeights;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.kernel.gemm.WeightLayout;
import io.m3j.engine.runtime.ComputePool;
import io.m3j.engine.model.EncoderWeights.Linear;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * bge-m3's output heads, following FlagEmbedding's BGEM3 model: dense = normalised CLS;
 * sparse = {@code relu(sparse_linear(h))} per token, skipping the excluded special ids and keeping
 * the largest weight per id; ColBERT = {@code colbert_linear(h[1:])}, each row normalised.
 */
public final class M3Heads {
    /** colbert_linear, packed once in FP32 for the GEMM (the head is small; FP32 keeps it exact). */
    private final PackedWeights colbert;
    private final Epilogue colbertEpilogue;
    private final Gemm gemm;
    private final float[] sparseWeight;
    private final float sparseBias;
    private final int[] excludedIds;
    private final Kernels kernels;
    private final ComputePool pool;

    public M3Heads(Linear colbert, float[] sparseWeight, float sparseBias, int[] excludedIds, Kernels kernels,
                   ComputePool pool) {
        this.colbert = PackedWeights.pack(colbert.weight(), 0, colbert.out(), colbert.in(), WeightLayout.OUT_IN, Precision.FP32);
        this.colbertEpilogue = Epilogue.bias(colbert.bias() == null ? null : colbert.bias().clone());
        this.gemm = kernels.gemm();
        this.sparseWeight = sparseWeight.clone();
        this.sparseBias = sparseBias;
        this.excludedIds = excludedIds.clone();
        Arrays.sort(this.excludedIds);
        this.kernels = kernels;
        this.pool = pool;
    }

    /** From the state dicts of {@code colbert_linear.pt} and {@code sparse_linear.pt} (keys weight, bias). */
    public static M3Heads load(Weights colbertFile, Weights sparseFile, int hidden, int[] excludedIds, Kernels kernels,
                               ComputePool pool) {
        int colbertDim = colbertFile.require("weight").dim(0);
        Linear colbert = EncoderWeights.linear(colbertFile, "", colbertDim, hidden);
        Linear sparse = EncoderWeights.linear(sparseFile, "", 1, hidden);
        float[] w = sparse.weight().toArray(Tensor.F32_LE);
        return new M3Heads(colbert, w, sparse.bias()[0], excludedIds, kernels, pool);
    }

    public int colbertDimension() {
        return colbert.n();
    }

    public M3Output apply(int[] ids, float[] hidden, int row0, int width) {
        return new M3Output(dense(hidden, row0, width), sparse(ids, hidden, row0, width), colbert(hidden, row0, ids.length, width));
    }

    public float[] dense(float[] hidden, int row0, int width) {
        float[] v = Arrays.copyOfRange(hidden, row0 * width, (row0 + 1) * width);
        Pooling.normalize(v);
        return v;
    }

    public SparseVector sparse(int[] ids, float[] hidden, int row0, int width) {
        Map<Integer, Float> max = new TreeMap<>(); // ascending ids
        for (int t = 0; t < ids.length; t++) {
            float w = Math.max(0f, kernels.dot(hidden, (row0 + t) * width, sparseWeight, 0, width) + sparseBias);
            if (w <= 0f || Arrays.binarySearch(excludedIds, ids[t]) >= 0) continue;
            max.merge(ids[t], w, Math::max);
        }
        int[] outIds = new int[max.size()];
        float[] outWeights = new float[max.size()];
        int i = 0;
        for (var e : max.entrySet()) {
            outIds[i] = e.getKey();
            outWeights[i++] = e.getValue();
        }
        return new SparseVector(outIds, outWeights);
    }

    public float[][] colbert(float[] hidden, int row0, int len, int width) {
        int rows = len - 1;
        if (rows <= 0) return new float[0][];
        int dim = colbert.n();
        float[] y = new float[rows * dim];
        gemm.multiply(hidden, (row0 + 1) * width, rows, colbert, y, 0, colbertEpilogue, pool);
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(y, r * dim, (r + 1) * dim);
            Pooling.normalize(out[r]);
        }
        return out;
    }

}
