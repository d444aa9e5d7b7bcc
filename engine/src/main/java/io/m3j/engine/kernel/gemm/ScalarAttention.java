package io.m3j.engine.kernel.gemm;

/** Plain-Java {@link Attention}: the reference, and the fallback without the Vector API. */
final class ScalarAttention implements Attention {

    static final ScalarAttention INSTANCE = new ScalarAttention();

    private ScalarAttention() {
    }

    @Override
    public void scores(float[] q, int qOff, int qStride, int n, float[] kt, int k0, int kb, int d,
                       float scale, float[] s, int sStride) {
        AttentionArguments.checkScores(q, qOff, qStride, n, kt, k0, kb, d, s, sStride);
        for (int i = 0; i < n; i++) {
            int qi = qOff + i * qStride;
            for (int j = 0; j < kb; j++) {
                int at = Attention.keyIndex(k0 + j, d);
                float acc = 0f;
                for (int c = 0; c < d; c++) acc = Math.fma(q[qi + c], kt[at + c * KEY_ALIGN], acc);
                s[i * sStride + j] = acc * scale;
            }
        }
    }

    @Override
    public void softmax(float[] s, int sStride, int n, int kb, float[] max, float[] sum, float[] rescale) {
        AttentionArguments.checkSoftmax(s, sStride, n, kb, max, sum, rescale);
        for (int i = 0; i < n; i++) {
            int o = i * sStride;
            float blockMax = Float.NEGATIVE_INFINITY;
            for (int j = o; j < o + kb; j++) blockMax = Math.max(blockMax, s[j]);
            float newMax = Math.max(max[i], blockMax);
            float r = max[i] == Float.NEGATIVE_INFINITY ? 0f : ScalarOps.exp(max[i] - newMax);
            float total = 0f;
            for (int j = o; j < o + kb; j++) {
                float e = ScalarOps.exp(s[j] - newMax);
                s[j] = e;
                total += e;
            }
            max[i] = newMax;
            sum[i] = sum[i] * r + total;
            rescale[i] = r;
        }
    }

    @Override
    public void accumulate(float[] p, int pStride, int n, int kb, float[] v, int vOff, int vStride, int d,
                           float[] rescale, float[] out) {
        AttentionArguments.checkAccumulate(p, pStride, n, kb, v, vOff, vStride, d, rescale, out);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d; c++) {
                float acc = out[i * d + c] * rescale[i];
                for (int j = 0; j < kb; j++) acc = Math.fma(p[i * pStride + j], v[vOff + j * vStride + c], acc);
                out[i * d + c] = acc;
            }
        }
    }
}
