package io.m3j.engine.model;

import io.m3j.engine.config.PoolingConfig;
import io.m3j.engine.config.PoolingMode;

/** Sentence-transformers pooling (and Normalize) over the token vectors of one sequence. */
public final class Pooling {
    private Pooling() {
    }

    /** Pools rows {@code [row0, row0 + len)} of {@code hidden} ([rows x width]). */
    public static float[] pool(PoolingConfig config, float[] hidden, int row0, int len, int width) {
        float[] out = new float[config.modes().size() * width];
        int at = 0;
        for (PoolingMode mode : config.modes()) {
            pool(mode, hidden, row0, len, width, out, at);
            at += width;
        }
        if (config.normalize()) normalize(out);
        return out;
    }

    private static void pool(PoolingMode mode, float[] h, int row0, int len, int width, float[] out, int at) {
        switch (mode) {
            case CLS -> System.arraycopy(h, row0 * width, out, at, width);
            case LAST_TOKEN -> System.arraycopy(h, (row0 + len - 1) * width, out, at, width);
            case MAX -> {
                for (int i = 0; i < width; i++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int t = 0; t < len; t++) m = Math.max(m, h[(row0 + t) * width + i]);
                    out[at + i] = m;
                }
            }
            case MEAN, MEAN_SQRT_LEN -> {
                double divisor = mode == PoolingMode.MEAN ? len : Math.sqrt(len);
                for (int i = 0; i < width; i++) {
                    double s = 0;
                    for (int t = 0; t < len; t++) s += h[(row0 + t) * width + i];
                    out[at + i] = (float) (s / divisor);
                }
            }
        }
    }

    /** L2 normalisation in place, with torch's {@code F.normalize} floor of 1e-12 on the norm. */
    public static void normalize(float[] v) {
        double s = 0;
        for (float f : v) s += (double) f * f;
        double norm = Math.max(Math.sqrt(s), 1e-12);
        for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] / norm);
    }
}
