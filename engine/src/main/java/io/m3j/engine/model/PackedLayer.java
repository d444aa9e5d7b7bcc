package io.m3j.engine.model;

import io.m3j.engine.io.Tensor;
import io.m3j.engine.kernel.gemm.PackedWeights;
import io.m3j.engine.kernel.gemm.Precision;
import io.m3j.engine.kernel.gemm.WeightLayout;
import io.m3j.engine.model.EncoderWeights.Layer;
import io.m3j.engine.model.EncoderWeights.Linear;
import io.m3j.engine.model.EncoderWeights.Norm;

import java.lang.foreign.MemorySegment;

/**
 * One encoder layer's Linear weights packed once, at load time, for the GEMM. Query, key and value
 * are one [3·hidden x hidden] weight, so a single GEMM reads the layer input once for all three;
 * its output row is {@code [q | k | v]}.
 */
record PackedLayer(PackedWeights qkv, float[] qkvBias,
                   PackedWeights attentionOutput, float[] attentionOutputBias, Norm attentionNorm,
                   PackedWeights intermediate, float[] intermediateBias,
                   PackedWeights output, float[] outputBias, Norm outputNorm) {

    static PackedLayer of(Layer layer, Precision precision) {
        return new PackedLayer(
                fusedQkv(layer, precision), concat(layer.query().bias(), layer.key().bias(), layer.value().bias()),
                pack(layer.attentionOutput(), precision), layer.attentionOutput().bias(), layer.attentionNorm(),
                pack(layer.intermediate(), precision), layer.intermediate().bias(),
                pack(layer.output(), precision), layer.output().bias(), layer.outputNorm());
    }

    private static PackedWeights pack(Linear linear, Precision precision) {
        PackedWeights packed = PackedWeights.pack(linear.weight(), 0, linear.out(), linear.in(), WeightLayout.OUT_IN, precision);
        releasePages(linear.weight());
        return packed;
    }

    /**
     * Once packed, a weight mapped from the checkpoint is never read again: give its pages back
     * (madvise DONTNEED through {@link MemorySegment#unload}), or resident memory would hold the file
     * and the packed copy both. The mapping is read-only and file-backed, so this loses nothing; a
     * neighbouring tensor sharing an edge page simply faults it back in.
     */
    private static void releasePages(MemorySegment weight) {
        if (weight.isMapped()) weight.unload();
    }

    /** Q, K and V rows one after the other: a transient heap copy, dropped once packed. */
    private static PackedWeights fusedQkv(Layer layer, Precision precision) {
        Linear q = layer.query(), k = layer.key(), v = layer.value();
        int in = q.in();
        float[] stacked = new float[(q.out() + k.out() + v.out()) * in];
        int at = 0;
        for (Linear l : new Linear[] {q, k, v}) {
            MemorySegment.copy(l.weight(), Tensor.F32_LE, 0, stacked, at, l.out() * in);
            releasePages(l.weight());
            at += l.out() * in;
        }
        return PackedWeights.pack(stacked, q.out() + k.out() + v.out(), in, WeightLayout.OUT_IN, precision);
    }

    private static float[] concat(float[] a, float[] b, float[] c) {
        float[] out = new float[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
