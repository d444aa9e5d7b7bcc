package io.m3j.engine.kernel.gemm;

/**
 * Test oracle written from the specification, independent of the packed code: plain loops over
 * the unpacked source weights in double precision, with its own bf16 rounding, int8 quantization
 * and erf. Also returns, per element, the magnitude {@code Σ|a·w|} that bounds rounding error.
 */
final class ReferenceGemm {

    record Result(double[] c, double[] magnitude) {
    }

    private ReferenceGemm() {
    }

    /** W[n][k] read from {@code w} in the given layout. */
    static float weight(float[] w, int n, int k, WeightLayout layout, int row, int col) {
        return layout == WeightLayout.OUT_IN ? w[row * k + col] : w[col * n + row];
    }

    /** The dot products alone (epilogue NONE). */
    static Result multiply(float[] a, int m, float[] w, int n, int k, WeightLayout layout, Precision precision) {
        double[] wq = new double[n * k];
        for (int row = 0; row < n; row++) {
            double max = 0;
            for (int col = 0; col < k; col++) {
                max = Math.max(max, Math.abs(weight(w, n, k, layout, row, col)));
            }
            for (int col = 0; col < k; col++) {
                float v = weight(w, n, k, layout, row, col);
                wq[row * k + col] = switch (precision) {
                    case FP32 -> v;
                    case BF16 -> roundToBf16(v);
                    case INT8 -> max == 0 ? 0 : Math.rint(v * (127f / (float) max)) * (double) ((float) max / 127f);
                };
            }
        }
        double[] c = new double[m * n];
        double[] mag = new double[m * n];
        double[] row = new double[k];
        for (int i = 0; i < m; i++) {
            double rowScale = 1;
            float max = 0;
            for (int col = 0; col < k; col++) {
                max = Math.max(max, Math.abs(a[i * k + col]));
            }
            for (int col = 0; col < k; col++) {
                row[col] = a[i * k + col];
                if (precision == Precision.INT8) {
                    row[col] = max == 0 ? 0 : Math.rint(a[i * k + col] * (127f / max));
                }
            }
            if (precision == Precision.INT8) {
                rowScale = max / 127f;
            }
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int col = 0; col < k; col++) {
                    double p = row[col] * rowScale * wq[j * k + col];
                    sum += p;
                    abs += Math.abs(p);
                }
                c[i * n + j] = sum;
                mag[i * n + j] = abs;
            }
        }
        return new Result(c, mag);
    }

    /** Applies the epilogue to dot products from {@link #multiply}, for an N-column output. */
    static Result withEpilogue(Result dots, int n, Epilogue e) {
        double[] c = new double[dots.c().length];
        double[] mag = new double[c.length];
        for (int at = 0; at < c.length; at++) {
            int i = at / n;
            int j = at % n;
            double v = dots.c()[at] + (e.bias() == null ? 0 : e.bias()[j]);
            double abs = dots.magnitude()[at] + (e.bias() == null ? 0 : Math.abs(e.bias()[j]));
            switch (e.kind()) {
                case BIAS_GELU_ERF -> v = 0.5 * v * (1 + erf(v / Math.sqrt(2)));
                case BIAS_GELU_TANH -> v = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                case BIAS_RESIDUAL -> {
                    float r = e.residual()[e.residualOffset() + i * n + j];
                    v += r;
                    abs += Math.abs(r);
                }
                default -> { }
            }
            c[at] = v;
            mag[at] = abs;
        }
        if (e.norm() != null) {
            layerNorm(c, mag, n, e.norm());
        }
        return new Result(c, mag);
    }

    /**
     * LayerNorm of each row in double. The magnitude becomes a bound on how far rounding in the
     * inputs can move an output: |gamma| x 4 x the row's largest input magnitude / its deviation.
     */
    private static void layerNorm(double[] c, double[] mag, int n, LayerNorm norm) {
        for (int row = 0; row < c.length / n; row++) {
            double mean = 0;
            double maxMag = 0;
            for (int j = 0; j < n; j++) {
                mean += c[row * n + j];
                maxMag = Math.max(maxMag, mag[row * n + j]);
            }
            mean /= n;
            double variance = 0;
            for (int j = 0; j < n; j++) {
                variance += (c[row * n + j] - mean) * (c[row * n + j] - mean);
            }
            double std = Math.sqrt(variance / n + norm.eps());
            for (int j = 0; j < n; j++) {
                c[row * n + j] = (c[row * n + j] - mean) / std * norm.gamma()[j] + norm.beta()[j];
                mag[row * n + j] = Math.abs(norm.gamma()[j]) * 4 * maxMag / std + Math.abs(norm.beta()[j]);
            }
        }
    }

    /** Nearest bfloat16 to v (ties to even), found by comparing the two candidate neighbours. */
    static float roundToBf16(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return v;
        }
        int bits = Float.floatToRawIntBits(v);
        float down = Float.intBitsToFloat(bits & 0xFFFF0000);
        float up = Float.intBitsToFloat((bits & 0xFFFF0000) + 0x10000);
        double dDown = Math.abs((double) v - down);
        double dUp = Math.abs((double) up - v);
        if (dDown < dUp) {
            return down;
        }
        if (dUp < dDown) {
            return up;
        }
        return ((bits >>> 16) & 1) == 0 ? down : up;
    }

    /** erf in double: Taylor series below 3, continued fraction for erfc above. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 3) {
            double sum = 0;
            double term = ax;
            for (int n = 0; n < 100; n++) {
                sum += term / (2 * n + 1);
                term *= -ax * ax / (n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = ax;
            for (int n = 80; n >= 1; n--) {
                f = ax + (n / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return Math.copySign(r, x);
    }
}
