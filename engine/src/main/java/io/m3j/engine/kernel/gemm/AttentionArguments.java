package io.m3j.engine.kernel.gemm;

/** Argument checks shared by the {@link Attention} implementations: bad sizes fail before any work. */
final class AttentionArguments {

    private AttentionArguments() {
    }

    static void checkScores(float[] q, int qOff, int qStride, int n, float[] kt, int k0, int kb, int d,
                            float[] s, int sStride) {
        if (n < 0 || d <= 0 || kb <= 0 || kb % Attention.KEY_ALIGN != 0 || k0 < 0 || k0 % Attention.KEY_ALIGN != 0
                || qOff < 0 || qStride < d || sStride < kb) {
            throw new IllegalArgumentException("Attention.scores: bad sizes n=" + n + " d=" + d + " k0=" + k0 + " kb=" + kb
                    + " (k0 and kb multiples of " + Attention.KEY_ALIGN + ", kb positive) qOff=" + qOff
                    + " qStride=" + qStride + " sStride=" + sStride);
        }
        if (n > 0) {
            fits("q", q, qOff + (long) (n - 1) * qStride + d);
            fits("s", s, (long) (n - 1) * sStride + kb);
        }
        fits("kt", kt, (long) (k0 + kb) * d);
    }

    static void checkSoftmax(float[] s, int sStride, int n, int kb, float[] max, float[] sum, float[] rescale) {
        if (n < 0 || kb <= 0 || sStride < kb) {
            throw new IllegalArgumentException("Attention.softmax: bad sizes n=" + n + " kb=" + kb + " sStride=" + sStride);
        }
        if (n > 0) fits("s", s, (long) (n - 1) * sStride + kb);
        fits("max", max, n);
        fits("sum", sum, n);
        fits("rescale", rescale, n);
    }

    static void checkAccumulate(float[] p, int pStride, int n, int kb, float[] v, int vOff, int vStride, int d,
                                float[] rescale, float[] out) {
        if (n < 0 || kb <= 0 || d <= 0 || pStride < kb || vOff < 0 || vStride < d) {
            throw new IllegalArgumentException("Attention.accumulate: bad sizes n=" + n + " kb=" + kb + " d=" + d
                    + " pStride=" + pStride + " vOff=" + vOff + " vStride=" + vStride);
        }
        if (n > 0) fits("p", p, (long) (n - 1) * pStride + kb);
        fits("v", v, vOff + (long) (kb - 1) * vStride + d);
        fits("rescale", rescale, n);
        fits("out", out, (long) n * d);
    }

    private static void fits(String name, float[] array, long needed) {
        if (array == null || array.length < needed) {
            throw new IllegalArgumentException("Attention: " + name + " needs " + needed + " floats, has "
                    + (array == null ? "null" : array.length));
        }
    }
}
